package org.solidarityalerts.ingest.webhook;

import java.time.Instant;

import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.progress.FanOutFinished;

/**
 * The body of {@code alert.fanout.finished}, in the Standard Webhooks shape: one version
 * of an alert has reached everyone it will reach. Counts only; never a subscriber's id or
 * address.
 *
 * @param type {@code alert.fanout.finished}
 * @param timestamp when the fan-out finished
 * @param data the version's counts
 */
record FanOutFinishedPayload(String type, Instant timestamp, Data data) {

	static final String TYPE = "alert.fanout.finished";

	static FanOutFinishedPayload of(FanOutFinished finished) {
		var progress = finished.progress();
		return new FanOutFinishedPayload(TYPE, finished.finishedAt(),
				new Data(finished.alertId(), progress.version(), progress.audience(), progress.sent(),
						progress.failed(), progress.deferred(), progress.bounced(), progress.complained(),
						finished.finishedAt()));
	}

	String json() {
		return WireFormat.jsonMapper().writeValueAsString(this);
	}

	/**
	 * A finished version's counts, each reader counted once by their final outcome.
	 *
	 * @param alertId the alert
	 * @param version the version whose fan-out finished
	 * @param audience how many readers dispatch resolved for it
	 * @param sent deliveries the receiving server accepted
	 * @param failed deliveries given up (failed or dead-lettered)
	 * @param deferred deliveries still waiting: 0, since the fan-out finished
	 * @param bounced bounce reports received so far (more may follow)
	 * @param complained complaints received so far (more may follow)
	 * @param finishedAt when ingest saw the last outcome
	 */
	record Data(String alertId, int version, long audience, long sent, long failed, long deferred, long bounced,
			long complained, Instant finishedAt) {
	}

}
