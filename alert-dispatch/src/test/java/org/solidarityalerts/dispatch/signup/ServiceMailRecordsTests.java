package org.solidarityalerts.dispatch.signup;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.dispatch.DispatchProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poller of left-over service-mail records while MongoDB does not answer (nothing
 * listens where it should be): each poll says so in one line and the next poll runs
 * again; nothing escapes its thread. Awaitility fails the wait on an exception that
 * escapes any thread, as it did before the poll caught MongoDB's.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServiceMailRecordsTests {

	private static final String WARNING = "Left-over service-mail records not read or cleared, MongoDB did not answer";

	@Test
	void aPollWhileMongoDoesNotAnswerIsLoggedAndTheNextPollRunsAgain(CapturedOutput output) throws Exception {
		MongoClientSettings settings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + closedPort() + "/alerts"))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
			.build();
		DefaultKafkaProducerFactory<String, ContractEvent> producers = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort(),
						ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "2000"),
				new StringSerializer(), null);
		DispatchProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("alert.dispatch", DispatchProperties.class);
		try (MongoClient client = MongoClients.create(settings)) {
			ServiceMailRecords records = new ServiceMailRecords(new MongoTemplate(client, "alerts"),
					new KafkaTemplate<>(producers), producers, properties, Clock.systemUTC());
			try {
				records.republishLeftOver();
				await().atMost(Duration.ofSeconds(10)).until(() -> warnings(output) == 1);
				records.republishLeftOver();
				await().atMost(Duration.ofSeconds(10)).until(() -> warnings(output) == 2);
			}
			finally {
				records.destroy();
				producers.destroy();
			}
		}
		assertThat(output.getOut()).contains(WARNING + ": org.springframework.dao.DataAccessResourceFailureException")
			.doesNotContain("\tat org.springframework.data.mongodb");
	}

	private static long warnings(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains(WARNING)).count();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
