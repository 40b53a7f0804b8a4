package org.solidarityalerts.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The figures of a benchmark run as a Markdown section: the command, the machine, and a
 * table with a column per audience size. It is printed, written next to the run's logs,
 * and put between the result markers of {@code docs/benchmarks.md} when asked.
 */
final class Report {

	static final String START = "<!-- benchmark results: start (written by FanOutBenchmark) -->";

	static final String END = "<!-- benchmark results: end -->";

	/** Urgent actions of each fan-out the report shows, the slowest. */
	private static final int SLOWEST_SHOWN = 3;

	private Report() {
	}

	static String markdown(List<Figures> runs, String command) {
		StringBuilder out = new StringBuilder(runOn(command));
		if (!runs.isEmpty()) {
			out.append(" Dispatch's JVM: `").append(String.join(" ", runs.getFirst().dispatchJvm())).append("`.");
			int warmUp = runs.getFirst().warmUp();
			out.append((warmUp > 0) ? String.format(Locale.ROOT,
					" Before each measured fan-out dispatch sent a warm-up fan-out of %,d (`-Dbenchmark.warm-up`), so its JIT compiler had compiled the send path.",
					warmUp) : " Each fan-out is a fresh dispatch JVM's first.");
			int training = runs.getFirst().aotTraining();
			if (training > 0) {
				out.append(String.format(Locale.ROOT,
						" Dispatch ran from its executable JAR, started from an ahead-of-time cache that another dispatch JVM had written after a training fan-out of %,d (`-Dbenchmark.aot-training`).",
						training));
			}
			else if (runs.getFirst().fromJar()) {
				out.append(" Dispatch ran from its executable JAR (`-Dbenchmark.dispatch-jar`).");
			}
		}
		out.append("\n\n");
		out.append("| figure |");
		runs.forEach((run) -> out.append(' ').append(String.format(Locale.ROOT, "%,d", run.audience())).append(" |"));
		out.append("\n|---|");
		runs.forEach((run) -> out.append("---:|"));
		out.append('\n');
		row(out, runs, "subscribers written to MongoDB in", (run) -> seconds(run.generation()));
		row(out, runs, "smtp-source → smtp-sink (the limit), messages/s", (run) -> String.format(Locale.ROOT,
				"%,.0f (%d sessions, %d bytes)", run.limit().perSecond(), run.limit().sessions(), run.limit().size()));
		row(out, runs, "post to first e-mail", (run) -> millis(run.postToFirst()));
		row(out, runs, "post to last e-mail (wall time)", (run) -> seconds(run.postToLast()));
		row(out, runs, "deliveries/s, first to last e-mail",
				(run) -> String.format(Locale.ROOT, "%,.0f", run.deliveriesPerSecond()));
		row(out, runs, "deliveries/s, steady (10th to 90th percentile)",
				(run) -> String.format(Locale.ROOT, "%,.0f", run.steadyPerSecond()));
		row(out, runs, "**ratio to the SMTP limit** (target ≥ 0.5)",
				(run) -> String.format(Locale.ROOT, "**%.2f**", run.ratioToLimit()));
		row(out, runs, "SMTP connections opened / messages per connection",
				(run) -> String.format(Locale.ROOT, "%d / %,.0f", run.smtpConnections(), run.messagesPerConnection()));
		row(out, runs, "audience stage: batches, subscribers/s (× sending rate)",
				(run) -> String.format(Locale.ROOT, "%d, %,.0f (× %.1f)", run.batches(), run.audiencePerSecond(),
						run.audiencePerSecond() / run.deliveriesPerSecond()));
		row(out, runs, "dispatch CPU per delivery",
				(run) -> String.format(Locale.ROOT, "%.0f µs", run.perDelivery(run.fanOutCpu().dispatch())));
		row(out, runs, "… of which " + DispatchCpu.ByThread.labels() + " threads (sampled: all but those that ended)",
				(run) -> String.format(Locale.ROOT, "%s µs (%.0f)", run.dispatchThreads().micros(run.audience()),
						run.perDelivery(run.dispatchThreads().threads())));
		row(out, runs, "dispatch CPU per delivery, steady (10th to 90th percentile): all / sending threads",
				(run) -> String.format(Locale.ROOT, "%.0f / %.0f µs", run.perSteadyDelivery(run.steadyCpu().process()),
						run.perSteadyDelivery(run.steadyCpu().sending())));
		row(out, runs, "smtp-source CPU per message while it measured the limit (the floor)",
				(run) -> String.format(Locale.ROOT, "%.0f µs", run.limit().cpuPerMessage()));
		row(out, runs, "**dispatch CPU per delivery ÷ smtp-source CPU per message** (× the floor)",
				(run) -> String.format(Locale.ROOT, "**%.1f**", run.cpuToFloor()));
		row(out, runs, "whole machine CPU per delivery",
				(run) -> String.format(Locale.ROOT, "%.0f µs", run.perDelivery(run.fanOutCpu().machine())));
		row(out, runs, "… of which smtp-sink / the benchmark's JVM (Kafka, MongoDB, API, dump reader)",
				(run) -> String.format(Locale.ROOT, "%.0f / %.0f µs", run.perDelivery(run.fanOutCpu().sink()),
						run.perDelivery(run.fanOutCpu().benchmark())));
		row(out, runs, "machine busy: during the fan-out / while smtp-source ran", (run) -> String.format(Locale.ROOT,
				"%.0f %% / %.0f %%", 100 * run.fanOutCpu().busyShare(), 100 * run.limitCpu().busyShare()));
		row(out, runs, "smtp-sink CPU per message while smtp-source ran", (run) -> String.format(Locale.ROOT, "%.0f µs",
				CpuSpent.micros(run.limitCpu().sink(), run.limit().messages())));
		row(out, runs, "dispatch heap: peak in use / peak after GC",
				(run) -> mib(run.heap().peakUsed()) + " / " + mib(run.heap().peakAfterGc()) + " MiB");
		row(out, runs, "dispatch live heap halfway through the fan-out (after a full collection)",
				(run) -> mib(run.heap().liveAfterFullGc()) + " MiB");
		row(out, runs, "dispatch peak RSS", (run) -> mib(run.peakRss()) + " MiB");
		row(out, runs, "urgent action, post to first e-mail, idle: p50 / p99 (n)",
				(run) -> latencies(run.urgentIdle()));
		row(out, runs, "urgent action, post to first e-mail, during the fan-out: p50 / p99 (n)",
				(run) -> latencies(run.urgentDuring()));
		row(out, runs, "lost / duplicated", (run) -> run.lost() + " / " + run.duplicates());
		slowestUrgent(out, runs);
		repeats(out, runs);
		return out.toString();
	}

	/**
	 * The slowest urgent actions of each fan-out, and where their time went: in ingest
	 * until it answered and until their record was on {@code alerts.urgent} (each from
	 * the post: the outbox relay may publish before the answer arrives), in dispatch's
	 * audience stage until their batch was on {@code deliveries.urgent}, in dispatch's
	 * urgent sender until the first e-mail arrived.
	 */
	private static void slowestUrgent(StringBuilder out, List<Figures> runs) {
		if (runs.stream().allMatch((run) -> run.slowestUrgent().isEmpty())) {
			return;
		}
		out.append("\nThe slowest urgent actions during each fan-out, and where their time went (from the API's answer")
			.append(" and their records' timestamps on `alerts.urgent` and `deliveries.urgent`).\n\n");
		out.append("| size | posted after the appeal | post to first e-mail | ingest: post to its answer")
			.append(" | ingest: post to `alerts.urgent` | dispatch: audience stage | dispatch: urgent sender, SMTP |\n");
		out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Figures run : runs) {
			for (UrgentPath path : run.slowestUrgent()
				.subList(0, Math.min(SLOWEST_SHOWN, run.slowestUrgent().size()))) {
				out.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s |\n", run.audience(),
						seconds(path.postedAfterAppeal()), millis(path.latency()), path.toAnswer(), path.toAlertTopic(),
						path.audienceStage(), path.sending()));
			}
		}
	}

	/**
	 * For each size run more than once (a size given again in
	 * {@code benchmark.audiences}), the median of the figures that settings are compared
	 * by, with the lowest and the highest: one run's figures vary from hour to hour.
	 */
	private static void repeats(StringBuilder out, List<Figures> runs) {
		List<List<Figures>> repeated = runs.stream()
			.collect(Collectors.groupingBy(Figures::audience, LinkedHashMap::new, Collectors.toList()))
			.values()
			.stream()
			.filter((same) -> same.size() > 1)
			.toList();
		if (repeated.isEmpty()) {
			return;
		}
		out.append("\nSizes run more than once: the median, and the lowest to the highest.\n\n");
		out.append("| size | runs | dispatch CPU per delivery | … of which the JIT compiler | … the sending threads")
			.append(" | deliveries/s, steady | ratio to the SMTP limit |\n");
		out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
		for (List<Figures> same : repeated) {
			out.append(String.format(Locale.ROOT, "| %,d | %d | %s µs | %s µs | %s µs | %s | %s |\n",
					same.getFirst().audience(), same.size(),
					spread(same, (run) -> run.perDelivery(run.fanOutCpu().dispatch()), "%.0f"),
					spread(same, (run) -> run.perDelivery(run.dispatchThreads().of(DispatchCpu.ThreadKind.JIT)),
							"%.0f"),
					spread(same, (run) -> run.perDelivery(run.dispatchThreads().of(DispatchCpu.ThreadKind.SENDING)),
							"%.0f"),
					spread(same, Figures::steadyPerSecond, "%,.0f"), spread(same, Figures::ratioToLimit, "%.2f")));
		}
	}

	private static String spread(List<Figures> runs, ToDoubleFunction<Figures> figure, String format) {
		double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
		int middle = values.length / 2;
		double median = (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
		return String.format(Locale.ROOT, format + " (" + format + " to " + format + ")", median, values[0],
				values[values.length - 1]);
	}

	/**
	 * When, how and on what a benchmark ran.
	 * @param command the command that ran it
	 * @return a sentence naming the date, the command and the machine
	 */
	static String runOn(String command) {
		StringBuilder out = new StringBuilder();
		Runtime runtime = Runtime.getRuntime();
		out.append("Run on ").append(LocalDate.now(ZoneOffset.UTC)).append(" with `").append(command).append("`: ");
		out.append(runtime.availableProcessors()).append(" cores, ");
		out.append(gib(MachineMemory.total())).append(" GiB of memory, ");
		out.append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"));
		out.append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"));
		out.append(". Everything on this one machine.");
		return out.toString();
	}

	private static void row(StringBuilder out, List<Figures> runs, String name, Function<Figures, String> value) {
		out.append("| ").append(name).append(" |");
		runs.forEach((run) -> out.append(' ').append(value.apply(run)).append(" |"));
		out.append('\n');
	}

	private static String latencies(Percentiles latencies) {
		return (latencies.samples() == 0) ? "n/a"
				: millis(latencies.p50()) + " / " + millis(latencies.p99()) + " (" + latencies.samples() + ")";
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static String millis(Duration duration) {
		return String.format(Locale.ROOT, "%d ms", duration.toMillis());
	}

	private static String mib(long bytes) {
		return Long.toString(bytes >> 20);
	}

	private static String gib(long bytes) {
		return String.format(Locale.ROOT, "%.0f", bytes / (double) (1L << 30));
	}

	/**
	 * Replaces what is between the result markers of a page.
	 * @param page the page
	 * @param section the new results
	 */
	static void writeInto(Path page, String section) throws IOException {
		writeInto(page, START, END, section);
	}

	/**
	 * Replaces what is between two markers of a page, leaving the rest as it is.
	 * @param page the page
	 * @param startMarker the line before the section
	 * @param endMarker the line after the section
	 * @param section the new results
	 */
	static void writeInto(Path page, String startMarker, String endMarker, String section) throws IOException {
		String text = Files.readString(page, StandardCharsets.UTF_8);
		int start = text.indexOf(startMarker);
		int end = text.indexOf(endMarker, Math.max(0, start));
		if (start < 0 || end < start) {
			throw new IllegalStateException(page + " has no markers " + startMarker + " … " + endMarker);
		}
		Files.writeString(page,
				text.substring(0, start + startMarker.length()) + "\n\n" + section + "\n" + text.substring(end),
				StandardCharsets.UTF_8);
	}

}
