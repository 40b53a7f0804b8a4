package org.solidarityalerts.contract;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WireFormatTests {

	static Iterable<ContractEvent> events() {
		return ExampleEvents.all();
	}

	@ParameterizedTest
	@MethodSource("events")
	void everyEventReadsBackEqualToWhatWasWritten(ContractEvent event) {
		byte[] json = WireFormat.jsonMapper().writeValueAsBytes(event);

		assertThat(WireFormat.jsonMapper().readValue(json, ContractEvent.class)).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("events")
	void everyEventCarriesItsTypeIdAndSchemaVersionNotAJavaClassName(ContractEvent event) {
		String json = WireFormat.jsonMapper().writeValueAsString(event);
		JsonNode tree = WireFormat.jsonMapper().readTree(json);

		assertThat(tree.path("type").asString()).isEqualTo(event.type()).doesNotContain("org.");
		assertThat(tree.path("schemaVersion").asInt()).isEqualTo(ContractEvent.SCHEMA_VERSION);
		assertThat(json).doesNotContain("org.solidarityalerts");
	}

	@ParameterizedTest
	@MethodSource("events")
	void headersLetAPlainClientRouteWithoutReadingTheBody(ContractEvent event) {
		RecordHeaders headers = new RecordHeaders();

		EventHeaders.write(headers, event, "/test");

		assertThat(EventHeaders.read(headers, EventHeaders.SPEC_VERSION)).isEqualTo("1.0");
		assertThat(EventHeaders.read(headers, EventHeaders.ID)).isEqualTo(event.eventId().toString());
		assertThat(EventHeaders.read(headers, EventHeaders.TYPE)).isEqualTo(event.type());
		assertThat(EventHeaders.read(headers, EventHeaders.SUBJECT)).isEqualTo(switch (event) {
			case AlertEvent alert -> alert.alertId().toString();
			case DeliveryEvent delivery -> delivery.alertId().toString();
			case MailEvent mail -> mail.subscriber().toString();
		});
		assertThat(EventHeaders.read(headers, EventHeaders.SOURCE)).isEqualTo("/test");
		assertThat(EventHeaders.read(headers, EventHeaders.SCHEMA_VERSION))
			.isEqualTo(String.valueOf(ContractEvent.SCHEMA_VERSION));
		if (!(event instanceof MailEvent.ServiceMailRecorded)) {
			assertThat(EventHeaders.read(headers, EventHeaders.ALERT_VERSION)).isNotBlank();
		}
		else {
			assertThat(EventHeaders.read(headers, EventHeaders.ALERT_VERSION)).isNull();
		}
		assertThat(EventHeaders.read(headers, EventHeaders.TIME)).isEqualTo(event.occurredAt().toString());
	}

	@Test
	void aVersionOneAlertReadsAsVersionTwoWithItsSingleValuesAsListsAndItsTextsUntagged() {
		String json = """
				{"type":"alert.published","schemaVersion":1,"eventId":"a1b2c3d4-0000-4000-8000-000000000001",
				 "occurredAt":"2026-11-20T08:30:00Z","alert":{"id":"0b6f3c1e-5a2d-4f7e-9c1a-3e8d2b7f6a01",
				 "version":1,"kind":"urgent-action","organisation":"org","campaign":{"id":"c","name":"C"},
				 "subjectCountry":"KZ","defaultLanguage":"en","content":{"en":{"title":"T","summary":"S"}},
				 "publishAt":"2026-11-20T08:30:00Z","actions":[
				  {"type":"write","target":{"title":"Prosecutor","postalAddress":["1 Street"],
				   "email":"p@example.org","phone":"+7 7172 555 0100","salutation":"Dear Sir",
				   "preferredLanguage":"ru","copiesTo":["c@example.org"]}},
				  {"type":"attend","venue":"Square","address":"1 Example Street, London",
				   "start":"2026-12-16T12:00:00Z","timeZone":"Europe/London"},
				  {"type":"embassy-protest","note":"Ask after her health."}]}}
				""";

		AlertEvent event = WireFormat.jsonMapper().readValue(json, AlertEvent.class);

		assertThat(ContractEvent.accepts(event.schemaVersion())).isTrue();
		Action.WriteTo write = (Action.WriteTo) event.alert().actions().get(0);
		assertThat(write.target().emails()).containsExactly("p@example.org");
		assertThat(write.target().phones()).containsExactly("+7 7172 555 0100");
		assertThat(write.target().preferredLanguages()).containsExactly("ru");
		assertThat(write.target().title().in("es", "en")).isEqualTo("Prosecutor");
		assertThat(write.target().salutation().in("en", "en")).isEqualTo("Dear Sir");
		Action.Attend attend = (Action.Attend) event.alert().actions().get(1);
		assertThat(attend.address()).containsExactly("1 Example Street, London");
		assertThat(attend.venue().in("en", "en")).isEqualTo("Square");
		assertThat(event.alert().residenceCountries()).isEmpty();
		assertThat(event.alert().deadlineTimeZone()).isNull();
	}

	@Test
	void translatedTextsFallBackLikeTheContent() {
		LocalizedText text = new LocalizedText(
				java.util.Map.of("en", "Your Honour", "es", "Señoría", "pt-BR", "Excelência"));

		assertThat(text.in("es", "en")).isEqualTo("Señoría");
		assertThat(text.in("es-MX", "en")).isEqualTo("Señoría");
		assertThat(text.in("pt", "en")).isEqualTo("Excelência");
		assertThat(text.in("fr", "en")).isEqualTo("Your Honour");
		assertThat(LocalizedText.of("Your Honour").in("es", "en")).isEqualTo("Your Honour");
		assertThat(ContractEvent.accepts(0)).isFalse();
		assertThat(ContractEvent.accepts(ContractEvent.SCHEMA_VERSION + 2)).isFalse();
	}

	@Test
	void anUnknownTypeIdIsRefused() {
		byte[] json = "{\"type\":\"alert.exploded\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(InvalidTypeIdException.class)
			.isThrownBy(() -> WireFormat.jsonMapper().readValue(json, ContractEvent.class));
	}

	@Test
	void propertiesAddedByANewerProducerAreIgnored() {
		String json = WireFormat.jsonMapper().writeValueAsString(ExampleEvents.all().get(4));
		String newer = json.replaceFirst("\\{", "{\"addedLater\":true,");

		assertThat(WireFormat.jsonMapper().readValue(newer, ContractEvent.class)).isEqualTo(ExampleEvents.all().get(4));
	}

	@Test
	void contentFallsBackFromRegionToLanguageToTheDefault() {
		AlertSnapshot alert = ExampleEvents.snapshot(1, "summary");

		assertThat(alert.languageFor(java.util.List.of("en-GB"))).isEqualTo("en");
		assertThat(alert.languageFor(java.util.List.of("de", "en"))).isEqualTo("en");
		assertThat(alert.languageFor(java.util.List.of("pl"))).isEqualTo("en");
	}

	@Test
	void urgentActionsTravelOnTopicsOfTheirOwn() {
		assertThat(Topics.alertsFor(AlertKind.URGENT_ACTION)).isEqualTo(Topics.ALERTS_URGENT);
		assertThat(Topics.deliveriesFor(AlertKind.URGENT_ACTION)).isEqualTo(Topics.DELIVERIES_URGENT);
		for (AlertKind kind : new AlertKind[] { AlertKind.APPEAL, AlertKind.NEWS, AlertKind.EVENT }) {
			assertThat(Topics.alertsFor(kind)).isEqualTo(Topics.ALERTS_STANDARD);
			assertThat(Topics.deliveriesFor(kind)).isEqualTo(Topics.DELIVERIES_BULK);
		}
	}

}
