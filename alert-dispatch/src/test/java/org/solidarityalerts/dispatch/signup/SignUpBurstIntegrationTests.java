package org.solidarityalerts.dispatch.signup;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.testsupport.Mailbox;
import org.solidarityalerts.dispatch.subscription.Fixtures;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;
import org.solidarityalerts.dispatch.subscription.Web;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-up under a burst, on loopback, {@value #PARALLEL} requests at a time. Each client
 * connects from an address of its own (127.0.x.y: loopback is a whole /8), so the limits
 * are applied to the address the connection comes from, without any proxy header. One
 * client signing up one address over and over is told to wait once it has used up its
 * sign-ups, and that address gets no more than its allowance of e-mail; many clients
 * signing up many addresses are all taken, and each address gets one confirmation. In
 * neither does anything fail. The figures are logged under {@code reliability.figures}.
 */
@DispatchIntegrationTest
class SignUpBurstIntegrationTests {

	private static final Logger figures = LoggerFactory.getLogger("reliability.figures");

	private static final int PARALLEL = 8;

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	@Autowired
	Mailbox mailbox;

	@Test
	void aBurstFromOneClientForOneAddressIsToldToWaitAndThatAddressGetsNoMoreThanItsAllowanceOfEmail()
			throws Exception {
		int requests = 100;
		String email = Fixtures.newAddress("burst");
		HttpClient client = client("127.0.0.2");
		List<Callable<Outcome>> signUps = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			signUps.add(() -> signUpThroughTheApi(client, email));
		}

		Burst burst = run(signUps);

		assertThat(burst.statuses()).as("answers").containsOnlyKeys(202, 429);
		assertThat(burst.count(202)).isEqualTo(DispatchIntegrationTest.SIGN_UPS_PER_CLIENT);
		assertThat(burst.outcomes()).filteredOn((outcome) -> outcome.status() == 429)
			.allSatisfy((outcome) -> assertThat(outcome.body()).contains("Too many sign-ups"));
		// A confirmation not yet sent when the same address signs up again is replaced by
		// the newer one (whose
		// link is the only one that works), so the address may get fewer mails than its
		// allowance, never more.
		await().atMost(PATIENCE).until(() -> mailsTo(List.of(email)).get(email) >= 1);
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> mailsTo(List.of(email)).get(email) <= DispatchIntegrationTest.SIGN_UP_EMAILS_PER_ADDRESS);
		int mailed = mailsTo(List.of(email)).get(email);
		figures.info(
				"scenario=\"sign-up burst: one client, one address\" requests={} parallel={} accepted202={} refused429={} "
						+ "failed5xx=0 emailsToTheAddress={} latencyP50Ms={} latencyP99Ms={} wallMs={}",
				requests, PARALLEL, burst.count(202), burst.count(429), mailed, burst.percentile(0.50),
				burst.percentile(0.99), burst.wallMillis());
	}

	@Test
	void aBurstFromManyClientsForManyAddressesIsTakenWholeAndEachAddressGetsOneConfirmation() throws Exception {
		int clients = 48;
		int each = 3;
		List<String> addresses = new ArrayList<>();
		List<Callable<Outcome>> signUps = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			HttpClient client = client("127.0.1." + (c + 1));
			for (int i = 0; i < each; i++) {
				String email = Fixtures.newAddress("crowd");
				addresses.add(email);
				// Each client's first sign-up on the page (a form with a CSRF token), the
				// others through the API.
				signUps.add((i == 0) ? () -> signUpOnThePage(client, email) : () -> signUpThroughTheApi(client, email));
			}
		}

		Burst burst = run(signUps);

		assertThat(burst.statuses()).as("answers").containsOnlyKeys(200, 202);
		assertThat(burst.count(200)).isEqualTo(clients);
		assertThat(burst.outcomes()).filteredOn((outcome) -> outcome.status() == 200)
			.allSatisfy((outcome) -> assertThat(outcome.body()).contains("Check your inbox"));
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(mailsTo(addresses).values()).as("confirmations per address")
				.hasSize(addresses.size())
				.containsOnly(1));
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> mailsTo(addresses).values().stream().allMatch((count) -> count == 1));
		figures.info(
				"scenario=\"sign-up burst: many clients, many addresses\" requests={} clients={} parallel={} "
						+ "accepted2xx={} refused429=0 failed5xx=0 emailsPerAddress=1 latencyP50Ms={} latencyP99Ms={} "
						+ "wallMs={}",
				signUps.size(), clients, PARALLEL, burst.outcomes().size(), burst.percentile(0.50),
				burst.percentile(0.99), burst.wallMillis());
	}

	private static Burst run(List<Callable<Outcome>> signUps) throws Exception {
		long started = System.nanoTime();
		List<Outcome> outcomes = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
			for (Future<Outcome> outcome : pool.invokeAll(signUps)) {
				outcomes.add(outcome.get());
			}
		}
		return new Burst(outcomes, Duration.ofNanos(System.nanoTime() - started).toMillis());
	}

	private Outcome signUpThroughTheApi(HttpClient client, String email) throws IOException, InterruptedException {
		return timed(client,
				HttpRequest.newBuilder(uri("/api/v1/subscriptions"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("""
							{"email": "%s", "name": "Jonas", "residenceCountry": "DE", "languages": ["de"],
							 "campaigns": ["free-dana-serikova"], "kinds": ["urgent-action"], "cadence": "immediate",
							 "consent": true}""".formatted(email)))
					.build());
	}

	private Outcome signUpOnThePage(HttpClient client, String email) throws IOException, InterruptedException {
		String page = client
			.send(HttpRequest.newBuilder(uri("/subscribe")).GET().build(), HttpResponse.BodyHandlers.ofString())
			.body();
		List<Map.Entry<String, String>> fields = new ArrayList<>();
		for (Element hidden : Jsoup.parse(page).select("form input[type=hidden]")) {
			fields.add(Map.entry(hidden.attr("name"), hidden.attr("value")));
		}
		fields.add(Fixtures.field("email", email));
		fields.add(Fixtures.field("campaigns", "free-dana-serikova"));
		fields.add(Fixtures.field("consent", "true"));
		return timed(client,
				HttpRequest.newBuilder(uri("/subscribe"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(Web.encode(fields)))
					.build());
	}

	private static Outcome timed(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
		long started = System.nanoTime();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		return new Outcome(response.statusCode(), response.body(), System.nanoTime() - started);
	}

	/**
	 * A client whose connections come from a loopback address of its own, with a cookie
	 * jar.
	 */
	private static HttpClient client(String address) throws IOException {
		return HttpClient.newBuilder()
			.localAddress(InetAddress.getByName(address))
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * How many messages the SMTP server has for each of the given addresses.
	 */
	private Map<String, Integer> mailsTo(List<String> addresses) throws MessagingException {
		Map<String, Integer> counts = new HashMap<>();
		addresses.forEach((address) -> counts.put(address.toLowerCase(java.util.Locale.ROOT), 0));
		for (MimeMessage message : this.mailbox.received()) {
			for (Address recipient : message.getAllRecipients()) {
				counts.computeIfPresent(((InternetAddress) recipient).getAddress().toLowerCase(java.util.Locale.ROOT),
						(address, count) -> count + 1);
			}
		}
		Map<String, Integer> byGivenAddress = new HashMap<>();
		addresses
			.forEach((address) -> byGivenAddress.put(address, counts.get(address.toLowerCase(java.util.Locale.ROOT))));
		return byGivenAddress;
	}

	/**
	 * One sign-up's answer.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param nanos how long it took
	 */
	private record Outcome(int status, String body, long nanos) {
	}

	/**
	 * A burst's answers.
	 *
	 * @param outcomes every answer
	 * @param wallMillis how long the whole burst took
	 */
	private record Burst(List<Outcome> outcomes, long wallMillis) {

		Map<Integer, Integer> statuses() {
			Map<Integer, Integer> statuses = new HashMap<>();
			this.outcomes.forEach((outcome) -> statuses.merge(outcome.status(), 1, Integer::sum));
			return statuses;
		}

		int count(int status) {
			return statuses().getOrDefault(status, 0);
		}

		long percentile(double quantile) {
			List<Long> sorted = new ArrayList<>(this.outcomes.stream().map(Outcome::nanos).toList());
			Collections.sort(sorted);
			int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
			return Duration.ofNanos(sorted.get(index)).toMillis();
		}

	}

}
