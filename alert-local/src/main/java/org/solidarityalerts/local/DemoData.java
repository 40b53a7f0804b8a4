package org.solidarityalerts.local;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.embassy.EmbassyDirectory;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * A small, fictional data set for the local stack: one organisation's API key, an
 * operator's key, and a few subscribers in three languages; and an invitation to the
 * organisers' console for the organisation's demo organiser. Loading it again changes
 * nothing.
 */
final class DemoData {

	/** The demo organisation's API key. It exists only in the local stack. */
	static final String ORGANISER_KEY = "sa_localdemokey_local-demo-key-never-use-outside-a-laptop00";

	static final String ORGANISATION = "justice-for-dana";

	/**
	 * The demo operator's API key, which invites the demo organiser to the console. It
	 * exists only in the local stack.
	 */
	static final String OPERATOR_KEY = "sa_localoperkey_local-operator-key-never-use-outside-laptop";

	/** The demo organiser's login on the console. */
	static final String CONSOLE_ORGANISER = "ayla@justice-for-dana.example.org";

	/** Where the demo organisation's test sends go (the local mailbox shows them). */
	static final String TEST_ADDRESS = "press@justice-for-dana.example.org";

	static final String CAMPAIGN = "free-dana-serikova";

	/**
	 * The demo operator's login name on the dashboard. It exists only in the local stack.
	 */
	static final String OPERATOR = "operator";

	/** The demo operator's password. */
	static final String OPERATOR_PASSWORD = "local-demo-operator";

	/** The demo read-only viewer's login name on the dashboard. */
	static final String VIEWER = "viewer";

	/** The demo viewer's password. */
	static final String VIEWER_PASSWORD = "local-demo-viewer";

	private DemoData() {
	}

	/**
	 * The dashboard's properties for the local stack: its port, the SMTP server it
	 * checks, and the demo operator and viewer, whose passwords are configured as bcrypt
	 * hashes like any other.
	 * @param port the dashboard's port
	 * @param smtpHost the SMTP server's host
	 * @param smtpPort the SMTP server's port
	 * @return the properties
	 */
	static Map<String, Object> dashboard(int port, String smtpHost, int smtpPort) {
		BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", port);
		properties.put("alert.dashboard.health.smtp-host", smtpHost);
		properties.put("alert.dashboard.health.smtp-port", smtpPort);
		properties.put("alert.dashboard.users[0].name", OPERATOR);
		properties.put("alert.dashboard.users[0].password", "{bcrypt}" + bcrypt.encode(OPERATOR_PASSWORD));
		properties.put("alert.dashboard.users[0].role", "OPERATOR");
		properties.put("alert.dashboard.users[1].name", VIEWER);
		properties.put("alert.dashboard.users[1].password", "{bcrypt}" + bcrypt.encode(VIEWER_PASSWORD));
		properties.put("alert.dashboard.users[1].role", "VIEWER");
		return properties;
	}

	static void load(ServiceStack stack) throws IOException {
		registerKeys(stack);
		MongoTemplate mongo = stack.dispatch().getBean(MongoTemplate.class);
		Instant now = Instant.now();
		List<Subscriber> subscribers = List.of(
				subscriber("6f1c2a4e-0d5b-4c1e-9a51-000000000001", "alice@example.org", "Alice Martin", "GB", "en",
						"Europe/London", SubscriberStatus.CONFIRMED,
						new Preferences(List.of(CAMPAIGN), List.of(), null, Cadence.IMMEDIATE), now),
				subscriber("6f1c2a4e-0d5b-4c1e-9a51-000000000002", "lucia@example.org", "Lucía Romero", "ES", "es",
						"Europe/Madrid", SubscriberStatus.CONFIRMED,
						new Preferences(List.of(), List.of("KZ"), null, Cadence.IMMEDIATE), now),
				subscriber("6f1c2a4e-0d5b-4c1e-9a51-000000000003", "camille@example.org", "Camille Dubois", "FR", "fr",
						"Europe/Paris", SubscriberStatus.CONFIRMED,
						new Preferences(List.of(CAMPAIGN), List.of(), null, Cadence.DAILY), now),
				subscriber("6f1c2a4e-0d5b-4c1e-9a51-000000000004", "ravi@example.org", null, "IE", "en",
						"Europe/Dublin", SubscriberStatus.CONFIRMED,
						new Preferences(List.of("homes-not-debts"), List.of(), List.of(AlertKind.URGENT_ACTION),
								Cadence.IMMEDIATE),
						now),
				subscriber("6f1c2a4e-0d5b-4c1e-9a51-000000000005", "tomasz@example.org", "Tomasz Nowak", "PL", "pl",
						"Europe/Warsaw", SubscriberStatus.PENDING,
						new Preferences(List.of(CAMPAIGN), List.of(), null, Cadence.IMMEDIATE), now));
		try (Reader sample = new InputStreamReader(new ClassPathResource("embassies/sample.csv").getInputStream(),
				StandardCharsets.UTF_8)) {
			stack.dispatch().getBean(EmbassyDirectory.class).importCsv(sample);
		}
		for (Subscriber subscriber : subscribers) {
			if (!mongo.exists(Query.query(Criteria.where("_id").is(subscriber.id())), Subscriber.class)) {
				mongo.insert(subscriber);
			}
		}
	}

	/**
	 * Registers the demo organisation's key and the demo operator's.
	 * @param stack the services
	 */
	static void registerKeys(ServiceStack stack) {
		ApiKeys keys = stack.ingest().getBean(ApiKeys.class);
		keys.register(ORGANISER_KEY, ORGANISATION, Role.ORGANISER, "local demo");
		keys.register(OPERATOR_KEY, "operators", Role.OPERATOR, "local demo operator");
	}

	/**
	 * Invites the demo organiser to the console, as an operator does through the admin
	 * API, and sets the organisation's verified test address, so that their test sends
	 * reach the local mailbox. The link works once and sets their password; a new one, at
	 * the next start, sets it again.
	 * @param ingestPort the port ingest listens on
	 * @return the invitation's link
	 * @throws IOException if ingest cannot be reached
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	static String consoleInvitation(int ingestPort) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newHttpClient()) {
			admin(client, ingestPort, "PUT", "/api/v1/admin/organisations/" + ORGANISATION + "/test-address",
					"{\"address\": \"" + TEST_ADDRESS + "\", \"verified\": true}", 200);
			String invitation = admin(client, ingestPort, "POST", "/api/v1/admin/console-invitations",
					"{\"organisation\": \"" + ORGANISATION + "\", \"email\": \"" + CONSOLE_ORGANISER + "\"}", 201);
			return WireFormat.jsonMapper().readTree(invitation).path("link").asString();
		}
	}

	private static String admin(HttpClient client, int ingestPort, String method, String path, String body,
			int expected) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + ingestPort + path))
			.header("Authorization", "Bearer " + OPERATOR_KEY)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expected) {
			throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
		}
		return response.body();
	}

	private static Subscriber subscriber(String id, String email, String name, String country, String language,
			String timeZone, SubscriberStatus status, Preferences preferences, Instant now) {
		return new Subscriber(id, email, email.toLowerCase(java.util.Locale.ROOT), name, country, List.of(language),
				timeZone, status, preferences, now, (status == SubscriberStatus.CONFIRMED) ? now : null);
	}

}
