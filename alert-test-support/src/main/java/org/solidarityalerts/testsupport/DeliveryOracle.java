package org.solidarityalerts.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger oracle: records every alert the API acknowledged and who should receive it,
 * reads every message the SMTP servers accepted (by its stable Message-ID
 * {@code <alertId.vN.subscriberId@domain>}), and judges a scenario: nothing lost (each
 * expected delivery accepted, or failed explicitly: a 5xx recorded as {@code failed}, a
 * dead letter in the ledger or on the dead-letter topic), nothing duplicated. A delivery
 * dead-lettered "in doubt" (dispatch died, or the connection broke, while the server had
 * the message) counts as explicit; a scenario says how many of those it tolerates.
 */
public final class DeliveryOracle {

	/** Figures are written under this logger, one line per scenario, for the docs. */
	public static final String FIGURES = "reliability.figures";

	private static final Logger figures = LoggerFactory.getLogger(FIGURES);

	private static final Pattern MESSAGE_ID = Pattern.compile("^<([^.@]+)\\.v(\\d+)\\.([^.@]+)@[^>]+>$");

	private static final Set<String> UNSETTLED = Set.of("claimed", "sending", "deferred");

	private final Set<String> alerts = ConcurrentHashMap.newKeySet();

	private final Set<Delivery> expected = ConcurrentHashMap.newKeySet();

	private final List<Supplier<List<MimeMessage>>> servers;

	private final MongoCollection<Document> ledger;

	private final Supplier<List<ConsumerRecord<String, byte[]>>> deadLetters;

	/**
	 * An oracle over one or more SMTP servers and the delivery ledger.
	 * @param ledger the {@code deliveries} collection
	 * @param deadLetters the records on {@code deliveries.retry.dlt} so far
	 * @param servers what each SMTP server accepted so far
	 */
	@SafeVarargs
	public DeliveryOracle(MongoCollection<Document> ledger, Supplier<List<ConsumerRecord<String, byte[]>>> deadLetters,
			Supplier<List<MimeMessage>>... servers) {
		this.ledger = ledger;
		this.deadLetters = deadLetters;
		this.servers = List.of(servers);
	}

	/**
	 * Records an alert version the API acknowledged, and who should receive it.
	 * @param alertId the id the API answered with
	 * @param version the version
	 * @param audience the subscriber ids who asked for it
	 */
	public void acknowledged(String alertId, int version, Collection<String> audience) {
		this.alerts.add(alertId + ".v" + version);
		audience.forEach((subscriber) -> this.expected.add(new Delivery(alertId, version, subscriber)));
	}

	/**
	 * How many messages the servers accepted so far, in all.
	 * @return accepted messages, duplicates included
	 */
	public int acceptedSoFar() {
		return this.servers.stream().mapToInt((server) -> server.get().size()).sum();
	}

	/**
	 * Waits until every expected delivery is accepted or failed explicitly and the ledger
	 * has nothing left in flight, then until nothing more arrives for a quiet period (a
	 * late duplicate would), and judges.
	 * @param scenario the scenario's name, as in {@code docs/reliability.md}
	 * @param atMost how long recovery may take
	 * @param recoveryStarted when the fault ended ({@link System#nanoTime()}), to measure
	 * the time to recover
	 * @return the verdict, logged under {@link #FIGURES}
	 */
	public Verdict awaitVerdict(String scenario, Duration atMost, long recoveryStarted) {
		try {
			await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> judge(scenario, 0).settled());
		}
		catch (ConditionTimeoutException ex) {
			Verdict unsettled = judge(scenario, -1);
			figures.info(unsettled.line());
			throw new AssertionError("Not settled within " + atMost + ": " + unsettled.line() + " lost "
					+ unsettled.lost() + " ledger " + statuses(), ex);
		}
		long recovered = System.nanoTime();
		AtomicInteger seen = new AtomicInteger(acceptedSoFar());
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.during(Duration.ofSeconds(2))
			.until(() -> seen.getAndSet(acceptedSoFar()) == acceptedSoFar());
		Verdict verdict = judge(scenario, Duration.ofNanos(recovered - recoveryStarted).toMillis());
		figures.info(verdict.line());
		return verdict;
	}

	/**
	 * Judges now, without waiting.
	 * @param scenario the scenario's name
	 * @param recoveryMillis the measured time to recover
	 * @return the verdict
	 */
	public Verdict judge(String scenario, long recoveryMillis) {
		Map<Delivery, Integer> accepted = new HashMap<>();
		List<String> foreign = new ArrayList<>();
		for (Supplier<List<MimeMessage>> server : this.servers) {
			for (MimeMessage message : server.get()) {
				Delivery delivery = Delivery.of(message);
				if (delivery == null) {
					foreign.add(messageId(message));
				}
				else {
					accepted.merge(delivery, 1, Integer::sum);
				}
			}
		}
		Map<Delivery, String> ledgerStatus = new HashMap<>();
		Set<Delivery> inDoubt = new HashSet<>();
		for (Document entry : this.ledger.find(Filters.in("alertId", alertIds()))) {
			Delivery delivery = new Delivery(entry.getString("alertId"), entry.getInteger("version"),
					entry.getString("subscriberId"));
			ledgerStatus.put(delivery, entry.getString("status"));
			String detail = entry.getString("detail");
			if ("dead-lettered".equals(entry.getString("status")) && detail != null && detail.startsWith("in doubt")) {
				inDoubt.add(delivery);
			}
		}
		Set<Delivery> deadLettered = deadLettered();
		Set<Delivery> lost = new HashSet<>();
		Set<Delivery> explicit = new HashSet<>();
		int unsettled = 0;
		for (Delivery delivery : this.expected) {
			String status = ledgerStatus.get(delivery);
			boolean failed = "failed".equals(status) || "dead-lettered".equals(status)
					|| deadLettered.contains(delivery);
			if (failed && !accepted.containsKey(delivery)) {
				explicit.add(delivery);
			}
			if (!accepted.containsKey(delivery) && !failed) {
				lost.add(delivery);
			}
			if (status == null || UNSETTLED.contains(status)) {
				unsettled++;
			}
		}
		Map<Delivery, Integer> duplicated = new LinkedHashMap<>();
		accepted.forEach((delivery, times) -> {
			if (times > 1) {
				duplicated.put(delivery, times);
			}
		});
		Set<Delivery> unexpected = new HashSet<>(accepted.keySet());
		unexpected.removeAll(this.expected);
		return new Verdict(scenario, this.alerts.size(), this.expected.size(),
				accepted.values().stream().mapToInt(Integer::intValue).sum(), explicit.size(), inDoubt.size(), lost,
				duplicated, unexpected, foreign, unsettled, recoveryMillis);
	}

	private Map<String, Integer> statuses() {
		Map<String, Integer> statuses = new HashMap<>();
		for (Document entry : this.ledger.find(Filters.in("alertId", alertIds()))) {
			statuses.merge(entry.getString("status"), 1, Integer::sum);
		}
		return statuses;
	}

	private List<String> alertIds() {
		return this.expected.stream().map(Delivery::alertId).distinct().toList();
	}

	private Set<Delivery> deadLettered() {
		Set<Delivery> parked = new HashSet<>();
		JsonMapper json = JsonMapper.shared();
		for (ConsumerRecord<String, byte[]> record : this.deadLetters.get()) {
			JsonNode batch = json.readTree(record.value());
			String alertId = batch.path("alertVersion").path("alertId").asString();
			int version = batch.path("alertVersion").path("version").asInt();
			for (JsonNode subscriber : batch.path("subscribers")) {
				parked.add(new Delivery(alertId, version, subscriber.asString()));
			}
		}
		return parked;
	}

	private static String messageId(MimeMessage message) {
		try {
			return String.valueOf(message.getMessageID());
		}
		catch (MessagingException ex) {
			return "unreadable";
		}
	}

	/**
	 * One delivery: an alert version to a subscriber.
	 *
	 * @param alertId the alert
	 * @param version its version
	 * @param subscriberId the recipient
	 */
	public record Delivery(String alertId, int version, String subscriberId) {

		/**
		 * The delivery a message carries, from its Message-ID.
		 * @param message an accepted message
		 * @return the delivery, or {@code null} if the Message-ID is not one of ours
		 */
		public static @Nullable Delivery of(MimeMessage message) {
			Matcher matcher = MESSAGE_ID.matcher(messageId(message));
			if (!matcher.matches()) {
				return null;
			}
			return new Delivery(matcher.group(1), Integer.parseInt(matcher.group(2)), matcher.group(3));
		}

	}

	/**
	 * What a scenario came to.
	 *
	 * @param scenario its name
	 * @param alerts alert versions the API acknowledged
	 * @param expected deliveries that should have happened
	 * @param accepted messages the SMTP servers accepted, duplicates included
	 * @param explicitlyFailed expected deliveries not accepted but failed explicitly
	 * (5xx, dead letter)
	 * @param inDoubt deliveries dead-lettered in doubt
	 * @param lost expected deliveries neither accepted nor failed explicitly
	 * @param duplicated deliveries accepted more than once, and how often
	 * @param unexpected deliveries accepted that nobody expected
	 * @param foreign Message-IDs that are not ours
	 * @param unsettled expected deliveries the ledger still has in flight
	 * @param recoveryMillis from the end of the fault until everything was settled
	 */
	public record Verdict(String scenario, int alerts, int expected, int accepted, int explicitlyFailed, int inDoubt,
			Set<Delivery> lost, Map<Delivery, Integer> duplicated, Set<Delivery> unexpected, List<String> foreign,
			int unsettled, long recoveryMillis) {

		/**
		 * Whether every expected delivery has an outcome.
		 * @return whether the scenario is over
		 */
		public boolean settled() {
			return this.lost.isEmpty() && this.unsettled == 0;
		}

		/**
		 * Fails the test if anything was lost or duplicated, or more deliveries were set
		 * aside in doubt than the scenario allows.
		 * @param maxInDoubt in-doubt dead letters the scenario tolerates
		 * @return this verdict
		 */
		public Verdict assertNothingLostOrDuplicated(int maxInDoubt) {
			assertThat(this.lost).as("lost deliveries in " + this.scenario).isEmpty();
			assertThat(this.duplicated).as("duplicated deliveries in " + this.scenario).isEmpty();
			assertThat(this.unexpected).as("deliveries nobody asked for in " + this.scenario).isEmpty();
			assertThat(this.foreign).as("messages without our Message-ID in " + this.scenario).isEmpty();
			assertThat(this.inDoubt).as("deliveries set aside in doubt in " + this.scenario)
				.isLessThanOrEqualTo(maxInDoubt);
			assertThat(this.accepted + this.explicitlyFailed).as("every delivery has an outcome in " + this.scenario)
				.isEqualTo(this.expected);
			return this;
		}

		/**
		 * The figures, on one line.
		 * @return e.g. {@code scenario=... alerts=1 expected=60 accepted=59 ...}
		 */
		public String line() {
			return "scenario=\"" + this.scenario + "\" alerts=" + this.alerts + " expected=" + this.expected
					+ " accepted=" + this.accepted + " explicitlyFailed=" + this.explicitlyFailed + " inDoubt="
					+ this.inDoubt + " lost=" + this.lost.size() + " duplicated=" + this.duplicated.size()
					+ " unexpected=" + this.unexpected.size() + " recoveryMs=" + this.recoveryMillis;
		}

	}

}
