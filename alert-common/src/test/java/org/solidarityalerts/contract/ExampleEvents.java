package org.solidarityalerts.contract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.solidarityalerts.contract.AlertEvent.AlertCancelled;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.AlertEvent.AlertUpdated;
import org.solidarityalerts.contract.DeliveryEvent.AudienceResolved;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryBatchRequested;
import org.solidarityalerts.contract.DeliveryEvent.DeliveryRecorded;

/**
 * One example of every event, with fixed ids and times, as documented in
 * {@code docs/events.md}. The case is fictional.
 */
final class ExampleEvents {

	static final AlertId ALERT = new AlertId(UUID.fromString("0b6f3c1e-5a2d-4f7e-9c1a-3e8d2b7f6a01"));

	static final SubscriberId SUBSCRIBER = new SubscriberId(UUID.fromString("6f1c2a4e-0d5b-4c1e-9a51-000000000001"));

	static final Instant POSTED = Instant.parse("2026-11-20T08:30:00Z");

	private ExampleEvents() {
	}

	static AlertSnapshot snapshot(int version, String summary) {
		Target court = new Target(null,
				new LocalizedText(Map.of("en", "Chair of the Supreme Court", "es", "Presidente del Tribunal Supremo")),
				new LocalizedText(Map.of("en", "Supreme Court", "es", "Tribunal Supremo")),
				List.of("39 Example Avenue", "Astana 010000", "Kazakhstan"), List.of("chair@court.example.org"),
				List.of(), List.of("+7 7172 555 0199"),
				new LocalizedText(Map.of("en", "Dear Chair of the Supreme Court", "es", "Señor Presidente:")),
				List.of("ru", "en"), null, null);
		Target prisoner = new Target("Dana Serikova", null, null, List.of(), List.of(), List.of(), List.of(), null,
				List.of("ru"),
				new Target(null, null, LocalizedText.of("Justice for Dana"), List.of("PO Box 12", "Almaty 050000"),
						List.of("letters@justice-for-dana.example.org"), List.of(), List.of(), null, List.of(), null,
						null),
				new LocalizedText(Map.of("en", "Short cards are passed on fastest.", "es",
						"Las tarjetas breves le llegan antes.")));
		List<String> campaign = List.of("campaign@justice-for-dana.example.org");
		return new AlertSnapshot(ALERT, version, AlertKind.URGENT_ACTION, "justice-for-dana",
				new Campaign("free-dana-serikova", "Free Dana Serikova"), "KZ", List.of("hunger-strike"), "en",
				Map.of("en",
						new LocalizedContent("Dana Serikova begins a hunger strike in prison", summary,
								"<p>Letters from abroad have made a difference before.</p>",
								"I urge you to ensure she receives medical care.")),
				List.of(new Action.WriteTo(court, campaign, List.of()), new Action.WriteTo(prisoner),
						new Action.ProtestToEmbassy(
								new LocalizedText(
										Map.of("en", "Ask after her health.", "es", "Pregunta por su salud.")),
								campaign, List.of()),
						new Action.SignPetition("https://petition.example.org/free-dana", "Release Dana Serikova"),
						new Action.Attend(
								new LocalizedText(Map.of("en", "Embassy square", "es", "Plaza de la embajada")),
								List.of("1 Example Street", "London SW1A 1AA"),
								OffsetDateTime.parse("2026-12-16T12:00:00Z"),
								OffsetDateTime.parse("2026-12-16T14:00:00Z"),
								OffsetDateTime.parse("2026-12-16T11:30:00Z"), "Europe/London", List.of(),
								List.of("GB")),
						new Action.PhoneTarget(new Target("A. Official", "Prosecutor", null, List.of(), null,
								"+7 7172 555 0100", null, null)),
						new Action.ShareLink("https://justice-for-dana.example.org", "Please share")),
				POSTED, Instant.parse("2026-11-25T05:00:00Z"), null, "Asia/Almaty", List.of(),
				(version > 1) ? new LocalizedText(Map.of("en", "The review date is set.")) : null,
				new FollowUp("5c0ffee0-0000-4000-8000-000000000001",
						new LocalizedText(Map.of("en", "Dana Serikova arrested"))));
	}

	static List<ContractEvent> all() {
		AlertVersion version = new AlertVersion(ALERT, 1);
		return List.of(
				new AlertPublished(id(1), ContractEvent.SCHEMA_VERSION, POSTED,
						snapshot(1, "She has refused food since Monday: write to the Supreme Court.")),
				new AlertUpdated(id(2), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(86_400),
						snapshot(2, "The court review is set for 25 November: write before then."), 1),
				new AlertCancelled(id(3), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(172_800),
						snapshot(3, "She has been released."), Map.of("en", "Released: no further action is needed.")),
				new DeliveryBatchRequested(id(4), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(1), version, 0,
						List.of(SUBSCRIBER), 1, null, false),
				new AudienceResolved(id(5), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(2), version, 1, 1),
				new DeliveryRecorded(id(6), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(3), version, SUBSCRIBER,
						DeliveryStatus.SENT, 1, "SMTP 250"),
				new DeliveryEvent.DeliveriesRecorded(id(11), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(3),
						version, 1,
						List.of(new DeliveryEvent.DeliveriesRecorded.Outcome(SUBSCRIBER, DeliveryStatus.SENT,
								"SMTP 250"),
								new DeliveryEvent.DeliveriesRecorded.Outcome(
										new SubscriberId(UUID.fromString("6f1c2a4e-0d5b-4c1e-9a51-000000000002")),
										DeliveryStatus.DEFERRED, "SMTP 451"))),
				new DeliveryEvent.FanOutControlled(id(7), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(4), version,
						DeliveryEvent.ControlAction.PAUSED, "operator"),
				new MailEvent.ServiceMailRecorded(id(8), ContractEvent.SCHEMA_VERSION, POSTED.minusSeconds(600),
						SUBSCRIBER, MailEvent.ServiceMail.CONFIRMATION, DeliveryStatus.SENT, 1, "SMTP 250"),
				new MailEvent.FeedbackReceived(id(9), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(900), SUBSCRIBER,
						version, MailEvent.Feedback.HARD_BOUNCE, MailEvent.FeedbackSource.DSN, "5.1.1"),
				new DeliveryEvent.ActionsReported(id(10), ContractEvent.SCHEMA_VERSION, POSTED.plusSeconds(3600),
						version, 0, "write", 12));
	}

	private static EventId id(int n) {
		return new EventId(UUID.fromString("a1b2c3d4-0000-4000-8000-%012d".formatted(n)));
	}

}
