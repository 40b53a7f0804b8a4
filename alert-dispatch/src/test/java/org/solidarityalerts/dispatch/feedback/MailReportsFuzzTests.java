package org.solidarityalerts.dispatch.feedback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.preferences.MailedUnsubscribes;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Anyone can send mail to the inbound endpoint, so what reads it is given damaged reports
 * (cut short, bytes changed, lines dropped or repeated, boundaries and headers inserted):
 * it reads each as a report, as nothing, or as unreadable, never with an exception of
 * another kind. The endpoint answers such an exception "try again later" (451), so one
 * malformed report would come back from its sender's queue for days. The mutations are
 * seeded: a failure names the seed that makes it again.
 */
class MailReportsFuzzTests {

	private static final int ROUNDS = 1_000;

	private static final SubscriberId SUBSCRIBER = SubscriberId.parse("0f6b3f2e-9d4c-4a51-8f3e-2b7c1d0e5a91");

	private static final String TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-.AbCdEfGhIjKl";

	private final MailReports reports = reports();

	@Test
	void damagedDeliveryStatusNotificationsAreReadOrIgnoredNeverFailedOn() {
		Fuzzed fuzzed = fuzz(dsn(), (raw) -> this.reports.bounce(SUBSCRIBER, raw));

		assertReadIgnoredOrUnreadable(fuzzed);
		assertThat(fuzzed.unreadable()).as("damaged copies unreadable").isGreaterThan(ROUNDS / 20);
	}

	@Test
	void damagedFeedbackReportsAreReadOrIgnoredNeverFailedOn() {
		Fuzzed fuzzed = fuzz(arf(), this.reports::complaint);

		assertReadIgnoredOrUnreadable(fuzzed);
		assertThat(fuzzed.unreadable()).as("damaged copies unreadable").isGreaterThan(ROUNDS / 20);
	}

	@Test
	void damagedUnsubscribesByMailAreReadOrIgnoredNeverFailedOn() {
		assertReadIgnoredOrUnreadable(fuzz(mailto(), this.reports::unsubscribe));
	}

	@Test
	void theUndamagedMessagesAreReadAsReports() throws Exception {
		assertThat(this.reports.bounce(SUBSCRIBER, dsn())).isPresent();
		assertThat(this.reports.complaint(arf())).isPresent();
		assertThat(this.reports.unsubscribe(mailto())).isPresent();
	}

	/**
	 * Nothing failed, and many damaged copies were still read as reports: the damage
	 * reaches the code that reads a report, not only the parser that refuses it.
	 */
	private static void assertReadIgnoredOrUnreadable(Fuzzed fuzzed) {
		assertThat(fuzzed.failures()).isEmpty();
		assertThat(fuzzed.reports()).as("damaged copies still read as reports").isGreaterThan(ROUNDS / 10);
	}

	/**
	 * Reads damaged copies of a genuine message.
	 * @return what they were read as, and what failed, by seed
	 */
	private static Fuzzed fuzz(byte[] genuine, Reader reader) {
		List<String> failures = new ArrayList<>();
		int reports = 0;
		int unreadable = 0;
		for (int seed = 0; seed < ROUNDS && failures.size() < 5; seed++) {
			byte[] damaged = damage(genuine, new Random(seed));
			try {
				if (reader.read(damaged).isPresent()) {
					reports++;
				}
			}
			catch (MessagingException | IOException ex) {
				// Unreadable: the endpoint ignores it.
				unreadable++;
			}
			catch (RuntimeException ex) {
				failures.add("seed " + seed + ": " + ex);
			}
		}
		return new Fuzzed(failures, reports, unreadable);
	}

	private static byte[] damage(byte[] genuine, Random random) {
		byte[] raw = genuine.clone();
		int changes = 1 + random.nextInt(4);
		for (int i = 0; i < changes; i++) {
			raw = switch (random.nextInt(6)) {
				case 0 -> Arrays.copyOf(raw, random.nextInt(raw.length + 1));
				case 1 -> flip(raw, random);
				case 2 -> lines(raw, random, false);
				case 3 -> lines(raw, random, true);
				case 4 -> insert(raw, random, JUNK[random.nextInt(JUNK.length)]);
				default -> insert(raw, random, randomBytes(random));
			};
		}
		return raw;
	}

	private static final String[] JUNK = { "\r\n--", "\r\n\r\n", "Content-Type: multipart/report; boundary=\"\"\r\n",
			"Content-Type: multipart/mixed\r\n", "Content-Transfer-Encoding: base64\r\n", "=?utf-8?B?////?=",
			"Content-Type: message/delivery-status\r\n\r\nStatus: 5.\r\n", "Action: failed\r\nStatus: 9.9.9\r\n",
			"Message-ID: <>\r\n", "List-Unsubscribe: <mailto:unsubscribe-.@x>\r\n", "\u0000", "=\r\n=3", };

	private static byte[] flip(byte[] raw, Random random) {
		if (raw.length == 0) {
			return raw;
		}
		byte[] flipped = raw.clone();
		flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
		return flipped;
	}

	private static byte[] lines(byte[] raw, Random random, boolean repeat) {
		List<String> lines = new ArrayList<>(List.of(new String(raw, StandardCharsets.ISO_8859_1).split("\r\n", -1)));
		int at = random.nextInt(lines.size());
		if (repeat) {
			lines.add(at, lines.get(at));
		}
		else {
			lines.remove(at);
		}
		return String.join("\r\n", lines).getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] insert(byte[] raw, Random random, String junk) {
		return insert(raw, random, junk.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] insert(byte[] raw, Random random, byte[] junk) {
		int at = random.nextInt(raw.length + 1);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(raw, 0, at);
		out.writeBytes(junk);
		out.write(raw, at, raw.length - at);
		return out.toByteArray();
	}

	private static byte[] randomBytes(Random random) {
		byte[] bytes = new byte[1 + random.nextInt(16)];
		random.nextBytes(bytes);
		return bytes;
	}

	private static MailReports reports() {
		MailedUnsubscribes unsubscribes = mock(MailedUnsubscribes.class);
		given(unsubscribes.subscriberOf(anyString())).willReturn(Optional.of(SUBSCRIBER));
		given(unsubscribes.unsubscribe(anyString())).willReturn(Optional.of(SUBSCRIBER));
		DispatchProperties dispatch = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("alert.dispatch", DispatchProperties.class);
		return new MailReports(unsubscribes, dispatch);
	}

	private static byte[] dsn() {
		return crlf("""
				From: MAILER-DAEMON@mx.receiver.test (Mail Delivery System)
				To: bounces+x@alerts.example.org
				Subject: Undelivered Mail Returned to Sender
				Message-ID: <20261126030000.4ABC123@mx.receiver.test>
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=delivery-status;
				\tboundary="4ABC123.1764126000/mx.receiver.test"

				--4ABC123.1764126000/mx.receiver.test
				Content-Type: text/plain; charset=us-ascii

				Your message could not be delivered.

				--4ABC123.1764126000/mx.receiver.test
				Content-Type: message/delivery-status

				Reporting-MTA: dns; mx.receiver.test

				Final-Recipient: rfc822; amina@receiver.test
				Action: failed
				Status: 5.1.1
				Diagnostic-Code: smtp; 550 5.1.1 Recipient address rejected

				--4ABC123.1764126000/mx.receiver.test
				Content-Type: text/rfc822-headers

				Message-ID: <alert.1@alerts.example.org>
				Subject: Dana Serikova begins a hunger strike

				--4ABC123.1764126000/mx.receiver.test--
				""");
	}

	private static byte[] arf() {
		return crlf("""
				From: <abuse-reports@mailbox.test>
				Subject: FW: Dana Serikova begins a hunger strike
				To: feedback@alerts.example.org
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=feedback-report;
				\tboundary="part1_13d.2e68ed54_boundary"

				--part1_13d.2e68ed54_boundary
				Content-Type: text/plain; charset="US-ASCII"

				This is an email abuse report.

				--part1_13d.2e68ed54_boundary
				Content-Type: message/feedback-report

				Feedback-Type: abuse
				User-Agent: MailboxFeedback/1.0
				Version: 1

				--part1_13d.2e68ed54_boundary
				Content-Type: message/rfc822
				Content-Disposition: inline

				Message-ID: <alert.1@alerts.example.org>
				List-Unsubscribe: <https://alerts.example.org/unsubscribe/%1$s>,
				 <mailto:unsubscribe@alerts.example.org?subject=unsubscribe-%1$s>
				Subject: Dana Serikova begins a hunger strike

				[body redacted]
				--part1_13d.2e68ed54_boundary--
				""".formatted(TOKEN));
	}

	private static byte[] mailto() {
		return crlf("""
				From: <amina@receiver.test>
				To: unsubscribe@alerts.example.org
				Subject: unsubscribe-%s
				MIME-Version: 1.0
				Content-Type: text/plain; charset=utf-8

				Please take me off the list.
				""".formatted(TOKEN));
	}

	private static byte[] crlf(String text) {
		return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * What damaged copies were read as.
	 *
	 * @param failures exceptions other than an unreadable message's, by seed
	 * @param reports copies read as reports
	 * @param unreadable copies refused as unreadable
	 */
	private record Fuzzed(List<String> failures, int reports, int unreadable) {
	}

	@FunctionalInterface
	private interface Reader {

		Optional<Report> read(byte[] raw) throws MessagingException, IOException;

	}

}
