package org.solidarityalerts.dispatch.mail;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.mail.internet.MimeMessage;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventId;
import org.solidarityalerts.contract.FollowUp;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.testsupport.Mails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a reader receives carries every part of the action in their language, with dates
 * in their locale (language and country of residence); and every field of the contract is
 * either shown or on a short list of fields that are not meant to be.
 */
class AlertRenderingTests {

	private static final Instant NOW = Instant.parse("2026-11-20T08:00:00Z");

	/**
	 * Fields accepted but not shown in any e-mail, and why. Everything else reachable
	 * from an alert event must be shown.
	 */
	private static final Map<String, String> NOT_SHOWN = Map.ofEntries(
			Map.entry("AlertSnapshot.id", "identifies the alert; in the Message-ID"),
			Map.entry("AlertId.value", "the id itself"),
			Map.entry("AlertSnapshot.version", "identifies the version; in the Message-ID"),
			Map.entry("AlertSnapshot.kind", "chooses the topic and the audience's preferences"),
			Map.entry("AlertSnapshot.organisation", "who posted it; decides access"),
			Map.entry("AlertSnapshot.subjectCountry", "shown through the embassy step, chooses the audience"),
			Map.entry("AlertSnapshot.tags", "for filtering"),
			Map.entry("AlertSnapshot.defaultLanguage", "the fallback language"),
			Map.entry("AlertSnapshot.publishAt", "the e-mail's Date header"),
			Map.entry("AlertSnapshot.expiresAt", "nothing is sent after it"),
			Map.entry("AlertSnapshot.residenceCountries", "chooses the audience"),
			Map.entry("Campaign.id", "the List-Id"), Map.entry("FollowUp.alertId", "its title is shown"),
			Map.entry("Action.residenceCountries", "chooses who is shown the action"),
			Map.entry("Attend.start", "shown formatted"), Map.entry("Attend.end", "shown formatted"),
			Map.entry("Attend.doorsOpen", "shown formatted"), Map.entry("Attend.timeZone", "shown by its name"),
			Map.entry("AlertSnapshot.deadline", "shown formatted"),
			Map.entry("AlertSnapshot.deadlineTimeZone", "shown by its name"));

	private final MailComposer composer = MailInjectionTests.composer();

	@Test
	void everyFieldOfTheModelIsShownOrListedAsNotShown() throws Exception {
		Set<String> fields = new TreeSet<>();
		walk(AlertSnapshot.class, fields);
		Map<String, String> shown = new LinkedHashMap<>();
		shown.put("AlertSnapshot.content", "SUMMARY-MARK");
		shown.put("LocalizedContent.title", "TITLE-MARK");
		shown.put("LocalizedContent.summary", "SUMMARY-MARK");
		shown.put("LocalizedContent.body", "BODY-MARK");
		shown.put("LocalizedContent.suggestedMessage", "MESSAGE-MARK");
		shown.put("Campaign.name", "CAMPAIGN-MARK");
		shown.put("AlertSnapshot.campaign", "CAMPAIGN-MARK");
		shown.put("AlertSnapshot.actions", "Write to");
		shown.put("AlertSnapshot.changeNote", "CHANGE-MARK");
		shown.put("AlertSnapshot.followsUp", "EARLIER-MARK");
		shown.put("FollowUp.title", "EARLIER-MARK");
		shown.put("Target.name", "NAME-MARK");
		shown.put("Target.title", "TITLE-OF-TARGET-MARK");
		shown.put("Target.organisation", "ORG-MARK");
		shown.put("Target.postalAddress", "ADDRESS-MARK");
		shown.put("Target.emails", "target@example.org");
		shown.put("Target.phones", "+7 7172 555 0101");
		shown.put("Target.faxes", "+7 7172 555 0102");
		shown.put("Target.salutation", "SALUTATION-MARK");
		shown.put("Target.preferredLanguages", "Russian");
		shown.put("Target.via", "VIA-MARK");
		shown.put("Target.note", "TARGET-NOTE-MARK");
		shown.put("Action.copiesTo", "copy@example.org");
		shown.put("SignPetition.url", "https://petition.example.org/p");
		shown.put("SignPetition.label", "LABEL-MARK");
		shown.put("WriteTo.target", "NAME-MARK");
		shown.put("PhoneTarget.target", "+7 7172 555 0101");
		shown.put("ProtestToEmbassy.note", "EMBASSY-NOTE-MARK");
		shown.put("Attend.venue", "VENUE-MARK");
		shown.put("Attend.address", "VENUE-ADDRESS-MARK");
		shown.put("ShareLink.url", "https://share.example.org/s");
		shown.put("ShareLink.text", "SHARE-MARK");
		List<String> unaccounted = new ArrayList<>();
		for (String field : fields) {
			if (!NOT_SHOWN.containsKey(field) && !shown.containsKey(field)) {
				unaccounted.add(field);
			}
		}
		assertThat(unaccounted).as("fields neither shown nor documented as not shown").isEmpty();

		MimeMessage message = render(full(), reader("en", "GB", "Europe/London"), null);
		String text = text(message);
		String html = Mails.html(message);
		shown.forEach((field, mark) -> {
			assertThat(text).as(field + " in the plain text").contains(mark);
			assertThat(html).as(field + " in the HTML").contains(mark.replace("&", "&amp;"));
		});
		assertThat(text).contains("Wednesday, 16 December 2026, 12:00 to 14:00 (London Time)")
			.contains("Doors open at 11:30")
			.contains("10:00 (Almaty Time)");
	}

	@Test
	void aSpanishReaderGetsEveryTextOfTheActionsInSpanishWithSpanishDates() throws Exception {
		String inSpain = text(render(full(), reader("es", "ES", "Europe/Madrid"), null));
		String inBritain = text(render(full(), reader("es", "GB", "Europe/London"), null));

		assertThat(inSpain).startsWith("Estimada/o Reader:\n\nQué ha cambiado:\nCHANGE-MARK-es")
			.contains("Escribe a Presidencia del Tribunal Supremo")
			.contains("Empieza tu carta: Señoría:")
			.doesNotContain("Your Honour")
			.contains("Actúa antes del miércoles, 25 de noviembre de 2026, 6:00 (hora de Europa central), "
					+ "es decir, el miércoles, 25 de noviembre de 2026, 10:00 (hora de Almaty): quedan 5 días")
			.contains("LABEL-MARK-es")
			.contains("Mejor escribir en: Ruso")
			.contains("Envíalo a través de VIA-MARK:");
		assertThat(inSpain).as("the event is for readers in the United Kingdom only").doesNotContain("VENUE-MARK");
		assertThat(inBritain).contains("Ven a VENUE-MARK-es")
			.contains("miércoles, 16 de diciembre de 2026, de 12:00 a 14:00 (hora de Reino Unido)"
				.replace("hora de Reino Unido", "hora de Londres"))
			.contains("Apertura de puertas: 11:30");
	}

	@Test
	void englishDatesFollowTheReadersCountry() throws Exception {
		String british = text(render(full(), reader("en", "GB", "Europe/London"), null));
		String american = text(render(full(), reader("en", "US", "America/New_York"), null));

		assertThat(british)
			.contains("Act before Wednesday, 25 November 2026 at 05:00 (London Time), "
					+ "that is Wednesday, 25 November 2026 at 10:00 (Almaty Time): 5 days left")
			.contains("Wednesday, 16 December 2026, 12:00 to 14:00 (London Time)");
		assertThat(american)
			.contains("Act before Wednesday, November 25, 2026 at 12:00\u202fAM (Eastern Time), "
					+ "that is Wednesday, November 25, 2026 at 10:00\u202fAM (Almaty Time): 5 days left")
			.doesNotContain("VENUE-MARK");
	}

	@Test
	void theEmbassyHeadingReadsNaturally() throws Exception {
		Embassy embassy = new Embassy("KZ:GB", "KZ", "GB", "Embassy of Kazakhstan", List.of("125 Example Gardens"),
				"embassy@example.org", "+44 20 7946 0000", "Your Excellency");

		assertThat(text(render(full(), reader("en", "GB", "Europe/London"), embassy)))
			.contains("Protest to the embassy of Kazakhstan in the United Kingdom");
		assertThat(text(render(full(), reader("es", "GB", "Europe/London"), embassy)))
			.contains("Protesta ante la embajada de Kazajistán en el Reino Unido");
	}

	/**
	 * Rendering a layout throws nothing on the way, once what rendering needs is loaded.
	 * SpEL reads a record that is not public through its public supertype,
	 * {@code java.lang.Record}, where it looks for every accessor in vain, and
	 * {@code Locale.getDisplayName} throws and catches an exception inside the JDK at
	 * every call: about 7,000 exceptions thrown and dropped in a 100,000-subscriber
	 * fan-out, and ten per urgent action, before the mail's records were made public and
	 * a language's name was read as such.
	 */
	@Test
	void renderingALayoutThrowsNothingOnTheWay() throws Exception {
		// A first layout for the same locale loads its messages and templates; the
		// second differs by its deadline, as the reader's time zone shows it.
		render(full(), reader("es", "ES", "Europe/Madrid"), null);
		Path file = Files.createTempFile("rendering", ".jfr");
		List<String> thrown = new ArrayList<>();
		try (Recording recording = new Recording()) {
			recording.enable("jdk.JavaExceptionThrow").withStackTrace();
			recording.start();
			render(full(), reader("es", "ES", "Atlantic/Canary"), null);
			recording.stop();
			recording.dump(file);
			String thread = Thread.currentThread().getName();
			for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
				if (event.getThread() != null && thread.equals(event.getThread().getJavaName())) {
					thrown.add(event.getClass("thrownClass").getName() + ": " + event.getString("message") + " at "
							+ event.getStackTrace()
								.getFrames()
								.stream()
								.map((frame) -> frame.getMethod().getType().getName() + "."
										+ frame.getMethod().getName())
								.filter((frame) -> !frame.startsWith("java.") && !frame.startsWith("jdk."))
								.findFirst()
								.orElse("?"));
				}
			}
		}
		finally {
			Files.deleteIfExists(file);
		}

		assertThat(thrown).isEmpty();
	}

	@Test
	void aCancellationIsDatedWhenItHappened() throws Exception {
		Instant cancelledAt = NOW.plusSeconds(30 * 86_400);
		AlertEvent cancelled = new AlertEvent.AlertCancelled(EventId.random(), ContractEvent.SCHEMA_VERSION,
				cancelledAt, full().alert().withVersion(3), Map.of("en", "Released."));

		MimeMessage message = MailInjectionTests.received(
				this.composer.compose(cancelled, reader("en", "GB", "Europe/London"), null, cancelledAt).message());

		assertThat(message.getSentDate().toInstant()).isEqualTo(cancelledAt);
	}

	private MimeMessage render(AlertEvent event, Recipient reader, Embassy embassy) throws Exception {
		return MailInjectionTests.received(this.composer.compose(event, reader, embassy, NOW).message());
	}

	/** The plain-text part, with the line breaks it was written with. */
	private static String text(MimeMessage message) throws Exception {
		return Mails.text(message).replace("\r\n", "\n");
	}

	private static Recipient reader(String language, String country, String zone) {
		return new Recipient(SubscriberId.random(), "reader@example.org", "Reader", country, List.of(language), zone,
				SubscriberStatus.CONFIRMED);
	}

	/** An update with every field of the model given. */
	static AlertEvent full() {
		Target via = new Target(null, null, LocalizedText.of("VIA-MARK"), List.of("PO Box 1"), List.of(), List.of(),
				List.of(), null, List.of(), null, null);
		Target target = new Target("NAME-MARK",
				new LocalizedText(Map.of("en", "TITLE-OF-TARGET-MARK", "es", "Presidencia del Tribunal Supremo")),
				LocalizedText.of("ORG-MARK"), List.of("ADDRESS-MARK"), List.of("target@example.org"),
				List.of("+7 7172 555 0101"), List.of("+7 7172 555 0102"),
				new LocalizedText(Map.of("en", "SALUTATION-MARK Your Honour", "es", "Señoría:")), List.of("ru"), via,
				LocalizedText.of("TARGET-NOTE-MARK"));
		List<String> copies = List.of("copy@example.org");
		List<Action> actions = List.of(new Action.WriteTo(target, copies, List.of()),
				new Action.PhoneTarget(target, List.of(), List.of()),
				new Action.ProtestToEmbassy(LocalizedText.of("EMBASSY-NOTE-MARK"), copies, List.of()),
				new Action.SignPetition("https://petition.example.org/p",
						new LocalizedText(Map.of("en", "LABEL-MARK", "es", "LABEL-MARK-es")), List.of(), List.of()),
				new Action.Attend(new LocalizedText(Map.of("en", "VENUE-MARK", "es", "VENUE-MARK-es")),
						List.of("VENUE-ADDRESS-MARK"), OffsetDateTime.parse("2026-12-16T12:00:00Z"),
						OffsetDateTime.parse("2026-12-16T14:00:00Z"), OffsetDateTime.parse("2026-12-16T11:30:00Z"),
						"Europe/London", List.of(), List.of("GB")),
				new Action.ShareLink("https://share.example.org/s", LocalizedText.of("SHARE-MARK"), List.of(),
						List.of()));
		AlertSnapshot alert = new AlertSnapshot(AlertId.random(), 2, AlertKind.URGENT_ACTION, "org",
				new Campaign("campaign", "CAMPAIGN-MARK"), "KZ", List.of("tag"), "en",
				Map.of("en", new LocalizedContent("TITLE-MARK", "SUMMARY-MARK", "<p>BODY-MARK</p>", "MESSAGE-MARK"),
						"es",
						new LocalizedContent("TITLE-MARK-es", "SUMMARY-MARK-es", "<p>BODY-MARK-es</p>",
								"MESSAGE-MARK-es")),
				actions, NOW, Instant.parse("2026-11-25T05:00:00Z"), null, "Asia/Almaty", List.of(),
				new LocalizedText(Map.of("en", "CHANGE-MARK", "es", "CHANGE-MARK-es")),
				new FollowUp(AlertId.random().toString(), LocalizedText.of("EARLIER-MARK")));
		return new AlertEvent.AlertUpdated(EventId.random(), ContractEvent.SCHEMA_VERSION, NOW, alert, 1);
	}

	/** Every record component reachable from a contract record, as "Record.component". */
	private static void walk(Class<?> type, Set<String> fields) {
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				String owner = Action.class.isAssignableFrom(type)
						&& Set.of("copiesTo", "residenceCountries").contains(component.getName()) ? "Action"
								: type.getSimpleName();
				if (fields.add(owner + "." + component.getName())) {
					for (Class<?> inner : contractTypes(component.getGenericType())) {
						walk(inner, fields);
					}
				}
			}
		}
		else if (type.isSealed()) {
			for (Class<?> permitted : type.getPermittedSubclasses()) {
				walk(permitted, fields);
			}
		}
	}

	private static List<Class<?>> contractTypes(Type type) {
		List<Class<?>> types = new ArrayList<>();
		if (type instanceof ParameterizedType parameterized) {
			for (Type argument : parameterized.getActualTypeArguments()) {
				types.addAll(contractTypes(argument));
			}
		}
		else if (type instanceof Class<?> raw && raw.getPackageName().equals(Action.class.getPackageName())
				&& raw != LocalizedText.class && !raw.isEnum()) {
			types.add(raw);
		}
		return types;
	}

}
