package org.solidarityalerts.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What the idle-relay benchmark measured, and its Markdown section.
 *
 * @param settings the tries, the idle spell and the relay's idle timeout
 * @param tries each urgent action timed after an idle spell
 */
record IdleRelayFigures(IdleRelaySettings settings, List<Try> tries) {

	static final String START = "<!-- idle-relay benchmark results: start (written by IdleRelayBenchmark) -->";

	static final String END = "<!-- idle-relay benchmark results: end -->";

	/** The target: p99 from the post to the relay accepting the first e-mail. */
	static final Duration TARGET = Duration.ofSeconds(1);

	Percentiles latencies() {
		return Percentiles.of(this.tries.stream().map(Try::latency).toList());
	}

	/** Tries whose first e-mail took longer than dispatch's first retry (30 s). */
	long deferred() {
		return this.tries.stream().filter((done) -> done.latency().compareTo(Duration.ofSeconds(30)) >= 0).count();
	}

	String markdown(String command) {
		Percentiles latencies = latencies();
		boolean met = latencies.samples() > 0 && latencies.p99().compareTo(TARGET) < 0;
		StringBuilder out = new StringBuilder(Report.runOn(command)).append("\n\n");
		out.append("| figure | value |\n|---|---:|\n");
		row(out, "tries (idle spell before each; the relay's idle timeout)",
				String.format(Locale.ROOT, "%d (%d s; %d s)", this.tries.size(), this.settings.spell().toSeconds(),
						this.settings.relayTimeout().toSeconds()));
		row(out, "**urgent action after the spell, post to the relay accepting its first e-mail: p50 / p99 / max**",
				String.format(Locale.ROOT, "**%d / %d / %d ms**", latencies.p50().toMillis(),
						latencies.p99().toMillis(), latencies.max().toMillis()));
		row(out, "target: p99 < 1 s", met ? "met" : "**not met**");
		row(out, "… the fastest",
				this.tries.stream()
					.map(Try::latency)
					.min(Duration::compareTo)
					.map((fastest) -> fastest.toMillis() + " ms")
					.orElse("n/a"));
		row(out, "relay connections still open when the urgent action was posted (most over the tries)",
				String.valueOf(this.tries.stream().mapToInt(Try::openAtPost).max().orElse(0)));
		row(out, "relay sessions ended during the spells (dispatch's QUIT or the relay's 421 and close)",
				String.valueOf(this.tries.stream().mapToInt(Try::endedInSpell).sum()));
		row(out, "SMTP connections dispatch opened for the tries",
				String.valueOf(this.tries.stream().mapToLong(Try::connectionsOpened).sum()));
		row(out, "sends retried at once on a fresh connection (failed before the data)",
				String.valueOf(this.tries.stream().mapToLong(Try::retriedOnFreshConnection).sum()));
		row(out, "urgent actions deferred (first e-mail ≥ 30 s after the post)", String.valueOf(deferred()));
		return out.toString();
	}

	private static void row(StringBuilder out, String name, String value) {
		out.append("| ").append(name).append(" | ").append(value).append(" |\n");
	}

	/**
	 * One urgent action after an idle spell.
	 *
	 * @param latency from its post to the relay accepting its first e-mail
	 * @param openAtPost relay connections open when it was posted
	 * @param endedInSpell relay sessions that ended during the spell before it
	 * @param connectionsOpened SMTP connections dispatch opened from the start of the
	 * spell to its first e-mail
	 * @param retriedOnFreshConnection sends dispatch retried on a fresh connection in
	 * that time
	 */
	record Try(Duration latency, int openAtPost, int endedInSpell, long connectionsOpened,
			long retriedOnFreshConnection) {

		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%d ms to the first e-mail; relay connections open at the post %d, ended in the spell %d; "
							+ "dispatch opened %d, retried %d on a fresh connection",
					this.latency.toMillis(), this.openAtPost, this.endedInSpell, this.connectionsOpened,
					this.retriedOnFreshConnection);
		}

	}

}
