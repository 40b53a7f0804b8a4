package org.solidarityalerts.dispatch.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.contract.AlertEvent.AlertPublished;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.EventHeaders;
import org.solidarityalerts.contract.Topics;
import org.solidarityalerts.dispatch.operations.DispatchMetrics;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.testsupport.ScriptedSmtpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * The trace an alert record arrives in (the organiser's request, carried by ingest
 * through its outbox) is continued through the fan-out's delivery batch down to the SMTP
 * send of each e-mail, and on to the outcome records of its delivery batch.
 */
@ScriptedSmtpIntegrationTest
class TraceToSmtpIntegrationTests {

	/**
	 * A spy, shared by the context's classes: see {@link ScriptedSmtpIntegrationTest}.
	 */
	@Autowired
	DispatchMetrics metrics;

	@Autowired
	KafkaTemplate<String, ContractEvent> kafka;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	ScriptedSmtpServer smtp;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrapServers;

	@Test
	void theSmtpSendOfAnAlertBelongsToTheTraceOfItsRecord() {
		List<String> sendTraces = new CopyOnWriteArrayList<>();
		doAnswer((invocation) -> {
			sendTraces.add(Span.current().getSpanContext().getTraceId());
			return invocation.callRealMethod();
		}).when(this.metrics).smtpSend(any(), any());
		this.smtp.acceptEveryone();
		DeliveryFixtures fixtures = new DeliveryFixtures(this.kafka, this.mongo);
		String campaign = DeliveryFixtures.campaign();
		Subscriber reader = fixtures.subscriber("traced-" + UUID.randomUUID() + "@example.org", campaign);
		AlertPublished alert = DeliveryFixtures.alert(campaign, 1);
		String traceId = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").getBytes(), 0, 16);
		SpanContext request = SpanContext.createFromRemoteParent(traceId, "00f067aa0ba902b7", TraceFlags.getSampled(),
				TraceState.getDefault());

		try (Scope scope = Context.root().with(Span.wrap(request)).makeCurrent()) {
			ProducerRecord<String, ContractEvent> record = new ProducerRecord<>(Topics.alertsFor(alert.alert().kind()),
					alert.subject(), alert);
			EventHeaders.write(record.headers(), alert, "/test");
			this.kafka.send(record).join();
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.smtp.receivedBy(reader.email())).hasSize(1));
		// The server has the message before the sender has read its reply and timed the
		// send: the trace is seen a moment after the mail.
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sendTraces).contains(traceId));
		assertThat(outcomeTraceParents(alert.alertVersion().alertId().toString()))
			.anySatisfy((traceParent) -> assertThat(traceParent).contains(traceId));
	}

	/**
	 * The W3C trace parents of an alert's outcome records.
	 */
	private List<String> outcomeTraceParents(String alertId) {
		List<String> found = new CopyOnWriteArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						"trace-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(Topics.DELIVERY_OUTCOMES));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					Header traceParent = record.headers().lastHeader("traceparent");
					if (alertId.equals(record.key()) && traceParent != null) {
						found.add(new String(traceParent.value(), StandardCharsets.UTF_8));
					}
				}
				return !found.isEmpty();
			});
		}
		return found;
	}

}
