package org.solidarityalerts.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * What one fan-out measured.
 *
 * @param audience subscribers the alert went to
 * @param generation how long writing them into MongoDB took
 * @param limit smtp-source's rate against the same sink in the same run
 * @param messageSize the average size of dispatch's messages, in bytes, as dumped by the
 * sink
 * @param postToFirst from the API request to the first e-mail accepted
 * @param postToLast from the API request to the last e-mail accepted
 * @param deliveriesPerSecond the audience over the time from first to last e-mail
 * @param steadyPerSecond the rate between the 10th and the 90th percentile of arrivals
 * @param smtpConnections SMTP connections dispatch opened during the fan-out
 * @param audienceSeconds from the first to the last delivery batch on the topic
 * @param batches delivery batches the audience stage published
 * @param fanOutCpu CPU time spent from the post to the last e-mail, by whom
 * @param dispatchThreads dispatch's CPU time over the same stretch, by kind of thread
 * @param steadyCpu dispatch's CPU time between the 10th and the 90th percentile of
 * arrivals
 * @param steadyDeliveries the deliveries between the 10th and the 90th percentile
 * @param limitCpu CPU time spent while smtp-source measured the limit, by whom
 * @param heap dispatch's heap, from its GC log
 * @param peakRss dispatch's peak resident set size, bytes
 * @param urgentIdle urgent actions, post to first e-mail, on an idle machine
 * @param urgentDuring urgent actions, post to first e-mail, during the fan-out
 * @param lost subscribers whose e-mail never arrived
 * @param duplicates Message-IDs that arrived more than once
 * @param dispatchJvm dispatch's JVM options, paths relative to the run's directory
 * @param warmUp subscribers of the warm-up fan-out dispatch sent before this one, or 0
 * @param fromJar whether dispatch ran from its executable JAR rather than the build's
 * class directories
 * @param aotTraining subscribers of the fan-out that trained dispatch's ahead-of-time
 * cache, or 0 (none)
 * @param slowestUrgent the slowest urgent actions during the fan-out, slowest first, with
 * where their time went
 */
record Figures(int audience, Duration generation, SmtpSource.Limit limit, int messageSize, Duration postToFirst,
		Duration postToLast, double deliveriesPerSecond, double steadyPerSecond, long smtpConnections,
		double audienceSeconds, int batches, CpuSpent fanOutCpu, DispatchCpu.ByThread dispatchThreads,
		DispatchCpu.Part steadyCpu, long steadyDeliveries, CpuSpent limitCpu, ProcessStats.Heap heap, long peakRss,
		Percentiles urgentIdle, Percentiles urgentDuring, long lost, long duplicates, List<String> dispatchJvm,
		int warmUp, boolean fromJar, int aotTraining, List<UrgentPath> slowestUrgent) {

	double ratioToLimit() {
		return this.steadyPerSecond / this.limit.perSecond();
	}

	/**
	 * Dispatch's CPU per delivery over smtp-source's CPU per message, both measured in
	 * this run: how many times the least a client must spend dispatch spends (1 would be
	 * as frugal as a C client that only sends one prepared message).
	 * @return the quotient, or infinity if smtp-source's CPU time was too small to read
	 */
	double cpuToFloor() {
		double floor = this.limit.cpuPerMessage();
		return (floor > 0) ? perDelivery(this.fanOutCpu.dispatch()) / floor : Double.POSITIVE_INFINITY;
	}

	double messagesPerConnection() {
		return (this.smtpConnections > 0) ? (double) this.audience / this.smtpConnections : this.audience;
	}

	double audiencePerSecond() {
		return (this.audienceSeconds > 0) ? this.audience / this.audienceSeconds : Double.POSITIVE_INFINITY;
	}

	/**
	 * Microseconds of CPU per delivery.
	 * @param spent CPU time spent during the fan-out, one of {@link #fanOutCpu()}'s
	 * @return microseconds per subscriber
	 */
	double perDelivery(Duration spent) {
		return CpuSpent.micros(spent, this.audience);
	}

	/**
	 * Microseconds of dispatch's CPU per delivery between the 10th and the 90th
	 * percentile of arrivals, past the warm-up and the stragglers.
	 * @param spent one of {@link #steadyCpu()}'s
	 * @return microseconds per delivery, 0 if the run was too small for the window
	 */
	double perSteadyDelivery(Duration spent) {
		return (this.steadyDeliveries > 0) ? CpuSpent.micros(spent, this.steadyDeliveries) : 0;
	}

}
