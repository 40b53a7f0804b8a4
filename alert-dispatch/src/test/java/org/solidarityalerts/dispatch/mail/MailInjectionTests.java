package org.solidarityalerts.dispatch.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.service.TopicReplication;
import org.solidarityalerts.testsupport.Mails;

import org.springframework.boot.mail.autoconfigure.MailProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile text reaching dispatch, as a foreign producer could send it past ingest's
 * checks, can neither add mail headers nor run script in an e-mail: every field that
 * reaches a header or the HTML is tried.
 */
class MailInjectionTests {

	private static final String HEADER_INJECTION = "Hello\r\nBcc: victim@attacker.example\r\nX-Injected: yes";

	private static final String SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>";

	private final MailComposer composer = composer();

	@Test
	void lineBreaksInTheTitleOrTheSubscribersNameAddNoHeader() throws Exception {
		MimeMessage message = compose(content(HEADER_INJECTION, "Summary", null, null), HEADER_INJECTION, null);

		String headers = headers(message);
		assertThat(message.getHeader("Bcc")).isNull();
		assertThat(message.getHeader("X-Injected")).isNull();
		assertThat(message.getRecipients(Message.RecipientType.BCC)).isNull();
		assertThat(message.getAllRecipients()).hasSize(1);
		assertThat(headers).doesNotContainPattern("(?m)^Bcc:").doesNotContainPattern("(?m)^X-Injected:");
	}

	@Test
	void scriptInTheTitleSummaryMessageAndNameIsShownAsTextNeverRun() throws Exception {
		MimeMessage message = compose(content(SCRIPT, SCRIPT, null, SCRIPT), SCRIPT, null);

		String html = Mails.html(message);
		assertThat(html).doesNotContain("<script")
			.doesNotContain("<img")
			.doesNotContainPattern("<[a-zA-Z][^>]*onerror");
		assertThat(html).contains("&lt;script&gt;");
		assertThat(Mails.text(message)).contains("<script>alert('x')</script>");
	}

	@Test
	void markupInTheBodyIsLimitedToTheAllowedElementsAndHttpsLinks() throws Exception {
		String body = "<p>Write today.</p><script>steal()</script><a href=\"javascript:steal()\">click</a>"
				+ "<a href=\"https://court.example.org\" onclick=\"steal()\">court</a><iframe src=\"https://x.example\"></iframe>"
				+ "<p style=\"background:url(https://tracker.example/p.gif)\">styled</p>";

		String html = Mails.html(compose(content("Title", "Summary", body, null), "Reader", null));

		assertThat(html).contains("<p>Write today.</p>").contains("href=\"https://court.example.org\"");
		assertThat(html).doesNotContain("<script")
			.doesNotContain("javascript:")
			.doesNotContain("onclick")
			.doesNotContain("<iframe")
			.doesNotContain("tracker.example");
	}

	@Test
	void hostileTextInAnEmbassyOrATargetIsEscaped() throws Exception {
		Embassy embassy = new Embassy("KZ:GB", "KZ", "GB", SCRIPT, List.of(SCRIPT), "x@example.org", null, SCRIPT);

		String html = Mails.html(compose(content("Title", "Summary", null, null), "Reader", embassy));

		assertThat(html).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;");
	}

	@Test
	void lettersOfOneBatchShareTheirLayoutButEachCarriesItsOwnNameAndLinks() throws Exception {
		AlertEvent event = event(content("Title", "Summary", "<p>Write today.</p>", null));
		Recipient hostile = recipient(SCRIPT);
		Recipient ana = recipient("Ana Núñez");
		MailComposer.Letters letters = this.composer.letters(event, Instant.now());

		String first = Mails.html(received(letters.compose(hostile, null).message()));
		String second = Mails.html(received(letters.compose(ana, null).message()));
		String alone = Mails.html(received(this.composer.compose(event, ana, null, Instant.now()).message()));

		assertThat(first).contains("&lt;script&gt;")
			.doesNotContain("<script")
			.contains("https://a.test/unsubscribe/" + hostile.id())
			.contains("https://a.test/preferences/" + hostile.id() + "?a=1&amp;b=2")
			.doesNotContain(ana.id().toString());
		assertThat(second).contains("Ana Núñez")
			.contains("https://a.test/unsubscribe/" + ana.id())
			.doesNotContain(hostile.id().toString())
			.doesNotContain("sa-slot-");
		assertThat(second).as("the same as a letter written on its own").isEqualTo(alone);
	}

	@Test
	void eachLetterWrittenFromItsLayoutsMessageCarriesItsOwnHeadersOnceAndBothBodies() throws Exception {
		AlertEvent event = event(content("Title é", "Summary", "<p>Write today.</p>", null));
		Recipient ana = new Recipient(SubscriberId.random(), "ana@example.org", "Ana Núñez", "GB", List.of("en"),
				"Europe/London", SubscriberStatus.CONFIRMED);
		Recipient bo = new Recipient(SubscriberId.random(), "bo@example.org", null, "GB", List.of("en"),
				"Europe/London", SubscriberStatus.CONFIRMED);
		MailComposer.Letters letters = this.composer.letters(event, Instant.now());

		MimeMessage first = received(letters.compose(ana, null).message());
		MimeMessage second = received(letters.compose(bo, null).message());

		for (String name : List.of("To", "Message-ID", "List-Unsubscribe", "From", "Subject", "Date", "List-Id",
				"Content-Type", "MIME-Version")) {
			assertThat(first.getHeader(name)).as(name).hasSize(1);
			assertThat(second.getHeader(name)).as(name).hasSize(1);
		}
		assertThat(first.getAllRecipients()).singleElement()
			.isEqualTo(new InternetAddress("ana@example.org", "Ana Núñez", "UTF-8"));
		assertThat(((InternetAddress) first.getAllRecipients()[0]).getPersonal()).isEqualTo("Ana Núñez");
		assertThat(second.getAllRecipients()).singleElement().hasToString("bo@example.org");
		assertThat(first.getMessageID()).contains(ana.id().toString()).doesNotContain(bo.id().toString());
		assertThat(second.getMessageID()).contains(bo.id().toString());
		assertThat(first.getHeader("List-Unsubscribe")[0]).contains("https://a.test/unsubscribe/" + ana.id());
		assertThat(second.getHeader("List-Unsubscribe")[0]).contains("https://a.test/unsubscribe/" + bo.id());
		assertThat(first.getSubject()).isEqualTo(second.getSubject()).isEqualTo("Title é");
		MimeMultipart parts = (MimeMultipart) first.getContent();
		assertThat(parts.getContentType()).startsWith("multipart/alternative");
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
		assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
		assertThat(Mails.text(first)).contains("Dear Ana Núñez,").contains("Write today.").doesNotContain("sa-body-");
		assertThat(Mails.html(first)).contains("Dear Ana Núñez,").contains("<p>Write today.</p>");
		assertThat(Mails.text(second)).contains("https://a.test/unsubscribe/" + bo.id()).doesNotContain("Ana");
	}

	@Test
	void namesWithEqualsSignsAccentsAndGreatLengthArriveIntactInLinesNoLongerThanTheStandardAllows() throws Exception {
		String name = "Zoë = Åsa-Núñez ".repeat(8).strip() + " \t ";
		MimeMessage message = compose(content("Title", "Summary", "<p>" + "Write today. ".repeat(40) + "</p>", null),
				name, null);

		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		message.writeTo(raw);
		String all = raw.toString(StandardCharsets.US_ASCII);
		String body = all.substring(all.indexOf("\r\n\r\n") + 4);
		assertThat(body.split("\r\n")).as("the body's lines")
			.allSatisfy((line) -> assertThat(line.length()).isLessThanOrEqualTo(76));
		assertThat(Mails.text(message)).contains("Dear " + name.strip());
		assertThat(Mails.html(message)).contains("Dear " + name.strip()).contains("Write today. ".repeat(40).strip());
	}

	private MimeMessage compose(LocalizedContent content, String name, Embassy embassy) throws Exception {
		AlertEvent event = event(content);
		Recipient recipient = recipient(name);
		return received(this.composer.compose(event, recipient, embassy, Instant.now()).message());
	}

	private static AlertEvent event(LocalizedContent content) {
		Target target = new Target(SCRIPT, HEADER_INJECTION, null, List.of(SCRIPT), "court@example.org", null, SCRIPT,
				null);
		AlertSnapshot alert = new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "org",
				new Campaign("campaign", SCRIPT), "KZ", List.of(), "en", Map.of("en", content),
				List.of(new Action.WriteTo(target), new Action.ProtestToEmbassy(SCRIPT)), Instant.now(), null, null);
		return new AlertEvent.AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(), alert);
	}

	private static Recipient recipient(String name) {
		return new Recipient(SubscriberId.random(), "reader@example.org", name, "GB", List.of("en"), "Europe/London",
				SubscriberStatus.CONFIRMED);
	}

	/** What the SMTP server would receive: the message written out and read back. */
	static MimeMessage received(MimeMessage message) throws Exception {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		message.writeTo(raw);
		return new MimeMessage(null, new java.io.ByteArrayInputStream(raw.toByteArray()));
	}

	private static String headers(MimeMessage message) throws Exception {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		message.writeTo(raw);
		String all = raw.toString(StandardCharsets.UTF_8);
		return all.substring(0, all.indexOf("\r\n\r\n"));
	}

	private static LocalizedContent content(String title, String summary, String body, String message) {
		return new LocalizedContent(title, summary, body, message);
	}

	static MailComposer composer() {
		MailProperties mail = new MailProperties();
		mail.setHost("127.0.0.1");
		mail.setPort(25);
		DispatchProperties properties = new DispatchProperties("/test", new DispatchProperties.FanOut(200, 10),
				new DispatchProperties.Mail("alerts@example.org", "Alerts", "alerts.example.org", "https://a.test"),
				new DispatchProperties.Smtp(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ofSeconds(15),
						false, 0, 0, Duration.ofSeconds(30), true),
				new TopicReplication((short) 1, 2),
				new DispatchProperties.Listeners(1, 1, Duration.ofMillis(500), 4, Duration.ofSeconds(10)),
				new DispatchProperties.Delivery(3, Duration.ofSeconds(1), 2, Duration.ofMinutes(1),
						Duration.ofMinutes(1), 1));
		SubscriberLinks links = new SubscriberLinks() {

			@Override
			public String preferences(SubscriberId subscriber) {
				return "https://a.test/preferences/" + subscriber + "?a=1&b=2";
			}

			@Override
			public String unsubscribe(SubscriberId subscriber) {
				return "https://a.test/unsubscribe/" + subscriber;
			}

			@Override
			public String unsubscribeMailto(SubscriberId subscriber) {
				return "mailto:unsubscribe@alerts.example.org?subject=unsubscribe-token";
			}

			@Override
			public String acted(SubscriberId subscriber, AlertVersion alertVersion, int action, String kind) {
				return "https://a.test/acted/" + subscriber + "/" + action;
			}

		};
		ReturnPaths returnPaths = new ReturnPaths() {

			@Override
			public String of(SubscriberId subscriber) {
				return "alerts@example.org";
			}

			@Override
			public String ofAddress(String email) {
				return "alerts@example.org";
			}

			@Override
			public String mailDomain() {
				return "alerts.example.org";
			}

		};
		return new MailComposer(new SmtpSender(mail, properties, null, RelayQuota.unshared(), DkimSigning.none()),
				links, returnPaths, properties, new MailTemplates());
	}

}
