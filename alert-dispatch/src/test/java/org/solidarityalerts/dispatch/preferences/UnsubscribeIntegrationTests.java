package org.solidarityalerts.dispatch.preferences;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SubscriberStore;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.testsupport.Mails;
import org.solidarityalerts.dispatch.links.SubscriberTokens;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Web;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leaving with one click (RFC 8058), from the headers of an alert e-mail that really went
 * through SMTP: a POST without cookies unsubscribes at once and answers 200; the page
 * behind the link changes nothing until its button is pressed; a bad link changes
 * nothing.
 */
@DispatchIntegrationTest
class UnsubscribeIntegrationTests {

	private static final Pattern HTTPS_LINK = Pattern.compile("<(https://[^>]+)>");

	@LocalServerPort
	int port;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	Mailbox mailbox;

	@Autowired
	MailComposer composer;

	@Autowired
	SmtpSender sender;

	@Autowired
	SubscriberStore store;

	@Test
	void aOneClickPostToTheLinkInTheListUnsubscribeHeaderOfAReceivedAlertUnsubscribesAtOnce() {
		Subscriber subscriber = subscriber();
		AlertSnapshot alert = Fixtures.alert("free-dana-serikova", "KZ", AlertKind.URGENT_ACTION);
		MimeMessage received = mailAlert(alert, subscriber);
		assertThat(Mails.header(received, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
		String link = unsubscribeLink(received);
		assertThat(Mails.html(received)).as("a visible link too").contains(link);

		HttpResponse<String> answer = Web.withoutCookies(this.port, Fixtures.newClient())
			.post(Web.path(link), "application/x-www-form-urlencoded",
					"List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Location")).isEmpty();
		assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(answer.body()).contains("You are unsubscribed");
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).status())
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
		assertThat(Fixtures.audience(this.store, alert)).doesNotContain(subscriber.id());
	}

	/**
	 * RFC 8058 asks mail providers to send the one-click POST as
	 * {@code multipart/form-data} (and allows the urlencoded form above).
	 */
	@Test
	void aOneClickPostSentAsMultipartFormDataAsRfc8058RecommendsUnsubscribesToo() {
		Subscriber subscriber = subscriber();
		String link = unsubscribeLink(
				mailAlert(Fixtures.alert("free-dana-serikova", "KZ", AlertKind.APPEAL), subscriber));
		String body = "--one-click\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
				+ "One-Click\r\n--one-click--\r\n";

		HttpResponse<String> answer = Web.withoutCookies(this.port, Fixtures.newClient())
			.post(Web.path(link), "multipart/form-data; boundary=one-click", body.getBytes(StandardCharsets.UTF_8));

		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).contains("You are unsubscribed");
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).status())
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	@Test
	void theUnsubscribePageChangesNothingUntilItsButtonIsPressed() {
		Subscriber subscriber = subscriber();
		String link = unsubscribeLink(
				mailAlert(Fixtures.alert("free-dana-serikova", "KZ", AlertKind.APPEAL), subscriber));
		Web browser = new Web(this.port, Fixtures.newClient());

		HttpResponse<String> page = browser.get(Web.path(link));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Nothing changes until you press the button");
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).status())
			.isEqualTo(SubscriberStatus.CONFIRMED);

		HttpResponse<String> pressed = browser.submit(page.body(), "form", List.of());

		assertThat(pressed.statusCode()).isEqualTo(200);
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).status())
			.isEqualTo(SubscriberStatus.UNSUBSCRIBED);
	}

	@Test
	void aTamperedOrExpiredUnsubscribeLinkGetsAGenericAnswerAndChangesNothing() {
		Subscriber subscriber = subscriber();
		SubscriberTokens tokens = new SubscriberTokens(
				new SubscriptionProperties("local-development-secret-do-not-use-in-production", null, null, null, null,
						null, List.of(), null, null),
				java.time.Clock.systemUTC());
		String genuine = tokens.issue(SubscriberTokens.Purpose.UNSUBSCRIBE, SubscriberId.parse(subscriber.id()),
				Instant.now().plus(Duration.ofDays(1)));
		String expired = tokens.issue(SubscriberTokens.Purpose.UNSUBSCRIBE, SubscriberId.parse(subscriber.id()),
				Instant.now().minusSeconds(1));
		String otherPurpose = tokens.issue(SubscriberTokens.Purpose.PREFERENCES, SubscriberId.parse(subscriber.id()),
				Instant.now().plus(Duration.ofDays(1)));
		// Not the last character, whose unused bits base64url decoders ignore.
		int at = genuine.length() - 2;
		String tampered = genuine.substring(0, at) + ((genuine.charAt(at) == 'A') ? 'B' : 'A')
				+ genuine.substring(at + 1);
		Web mailProvider = Web.withoutCookies(this.port, Fixtures.newClient());

		for (String bad : List.of(expired, otherPurpose, tampered, "nonsense")) {
			HttpResponse<String> post = mailProvider.post("/unsubscribe/" + bad, "application/x-www-form-urlencoded",
					"List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8));
			HttpResponse<String> get = mailProvider.get("/unsubscribe/" + bad);
			assertThat(post.statusCode()).isEqualTo(400);
			assertThat(post.body()).contains("This link is not valid");
			assertThat(get.statusCode()).isEqualTo(400);
			assertThat(get.body()).isEqualTo(post.body());
		}
		HttpResponse<String> withoutOneClick = mailProvider.post("/unsubscribe/" + genuine,
				"application/x-www-form-urlencoded", "List-Unsubscribe=Later".getBytes(StandardCharsets.UTF_8));
		assertThat(withoutOneClick.statusCode()).isEqualTo(400);
		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).status())
			.isEqualTo(SubscriberStatus.CONFIRMED);
	}

	private Subscriber subscriber() {
		return Fixtures.insert(this.mongo, Fixtures.newAddress("leaver"), SubscriberStatus.CONFIRMED,
				"free-dana-serikova");
	}

	private MimeMessage mailAlert(AlertSnapshot alert, Subscriber subscriber) {
		var recipient = this.store.recipients(List.of(SubscriberId.parse(subscriber.id()))).getFirst();
		AlertEvent event = new AlertEvent.AlertPublished(EventId.random(), ContractEvent.SCHEMA_VERSION, Instant.now(),
				alert);
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			assertThat(session.send(this.composer.compose(event, recipient, null, Instant.now())).status())
				.isEqualTo(DeliveryStatus.SENT);
		}
		return Fixtures.awaitOnlyMail(this.mailbox, subscriber.email());
	}

	private static String unsubscribeLink(MimeMessage message) {
		String header = Mails.header(message, "List-Unsubscribe");
		assertThat(header).contains("mailto:");
		Matcher matcher = HTTPS_LINK.matcher(header);
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

}
