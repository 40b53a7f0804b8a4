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
		assertThat(EventHeaders.read(headers, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
		if (!(event instanceof MailEvent.ServiceMailRecorded)) {
			assertThat(EventHeaders.read(headers, EventHeaders.ALERT_VERSION)).isNotBlank();
		}
		else {
			assertThat(EventHeaders.read(headers, EventHeaders.ALERT_VERSION)).isNull();
		}
		assertThat(EventHeaders.read(headers, EventHeaders.TIME)).isEqualTo(event.occurredAt().toString());
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
