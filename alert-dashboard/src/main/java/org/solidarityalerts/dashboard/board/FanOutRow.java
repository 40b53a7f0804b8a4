package org.solidarityalerts.dashboard.board;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One fan-out as the board shows it: one alert version, its figures and its timing.
 *
 * @param alertId the alert
 * @param version the alert version
 * @param type what the version is: {@code published}, {@code updated} or
 * {@code cancelled}
 * @param kind the alert's kind, e.g. {@code urgent-action}
 * @param campaign the campaign's name
 * @param title the alert's title in its default language
 * @param state where the fan-out stands
 * @param audience the audience size, or null while it is not known
 * @param counts how many recipients are in each status
 * @param postedAt when the version was posted
 * @param firstSentAt when its first e-mail was accepted
 * @param lastSentAt when its latest e-mail was accepted
 * @param feedback bounces and complaints reported after its e-mails were accepted
 * @param acted how many readers said they took each action of the alert ("I did this"),
 * by action, whatever version's e-mail they used
 */
public record FanOutRow(String alertId, int version, String type, String kind, String campaign, String title,
		FanOutState state, @Nullable Long audience, Counts counts, @Nullable Instant postedAt,
		@Nullable Instant firstSentAt, @Nullable Instant lastSentAt, Feedbacks feedback, List<ActionCount> acted) {

	/** What readers did, by action kind, as the board says it. */
	private static final Map<String, String> DONE = Map.of("sign-petition", "signed", "write", "wrote", "phone",
			"phoned", "embassy-protest", "protested", "attend", "attended", "share", "shared");

	/**
	 * The actions readers said they took, by kind, in the alert's order: "12 wrote, 3
	 * protested"; several actions of one kind are added up.
	 * @return the text, or a dash if nobody reported anything
	 */
	public String actedText() {
		Map<String, Long> byKind = new LinkedHashMap<>();
		for (ActionCount count : this.acted) {
			byKind.merge(DONE.getOrDefault(count.kind(), count.kind()), count.total(), Long::sum);
		}
		if (byKind.isEmpty()) {
			return "–";
		}
		List<String> parts = new ArrayList<>();
		byKind.forEach((done, total) -> parts.add(total + " " + done));
		return String.join(", ", parts);
	}

	/**
	 * How many readers said they took one action.
	 *
	 * @param action the action's index in the alert's actions
	 * @param kind its kind, e.g. {@code write}
	 * @param total how many readers, each counted once
	 */
	public record ActionCount(int action, String kind, long total) {
	}

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/**
	 * E-mails sent per minute between the first and the latest.
	 * @return the rate, or 0 before the first
	 */
	public double ratePerMinute() {
		if (this.firstSentAt == null || this.lastSentAt == null || this.counts.sent() == 0) {
			return 0;
		}
		long millis = Math.max(1000, Duration.between(this.firstSentAt, this.lastSentAt).toMillis());
		return this.counts.sent() * 60_000.0 / millis;
	}

	/**
	 * From post to the first e-mail.
	 * @return the latency, or null before the first
	 */
	public @Nullable Duration postToFirst() {
		return between(this.postedAt, this.firstSentAt);
	}

	/**
	 * From post to the latest e-mail.
	 * @return the latency, or null before the first
	 */
	public @Nullable Duration postToLast() {
		return between(this.postedAt, this.lastSentAt);
	}

	/**
	 * The denominator of the progress bar.
	 * @return the audience, or the recipients seen so far while it is not known
	 */
	public long progressMax() {
		return (this.audience != null) ? Math.max(this.audience, 1) : Math.max(this.counts.total(), 1);
	}

	/**
	 * The numerator of the progress bar: every recipient with a final outcome.
	 * @return the settled recipients
	 */
	public long progressValue() {
		return this.counts.settled();
	}

	/**
	 * The audience for display.
	 * @return the size, or a question mark while it is not known
	 */
	public String audienceText() {
		return (this.audience != null) ? Long.toString(this.audience) : "?";
	}

	public String rateText() {
		return String.format(java.util.Locale.ROOT, "%.1f", ratePerMinute());
	}

	public String postedAtText() {
		return text(this.postedAt);
	}

	public String firstSentAtText() {
		return text(this.firstSentAt);
	}

	public String lastSentAtText() {
		return text(this.lastSentAt);
	}

	public String postToFirstText() {
		return text(postToFirst());
	}

	public String postToLastText() {
		return text(postToLast());
	}

	/**
	 * Whether any operator action applies to it.
	 * @return true while it can be paused, resumed or cancelled
	 */
	public boolean controllable() {
		return this.state.pausable() || this.state.resumable() || this.state.cancellable();
	}

	static String text(@Nullable Instant instant) {
		return (instant != null) ? TIME.format(instant) : "–";
	}

	static String text(@Nullable Duration duration) {
		if (duration == null) {
			return "–";
		}
		long millis = duration.toMillis();
		if (millis < 10_000) {
			return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		if (millis < 3_600_000) {
			return (millis / 60_000) + " min " + (millis / 1000 % 60) + " s";
		}
		return (millis / 3_600_000) + " h " + (millis / 60_000 % 60) + " min";
	}

	private static @Nullable Duration between(@Nullable Instant from, @Nullable Instant to) {
		return (from != null && to != null) ? Duration.between(from, to) : null;
	}

}
