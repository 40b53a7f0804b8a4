package org.solidarityalerts.ingest.webhook;

import java.time.Instant;
import java.util.List;

import org.solidarityalerts.contract.WireFormat;

/**
 * The body of {@code alert.actions.changed}, in the Standard Webhooks shape: how many
 * readers said they took each action of an alert, as the totals stood when the call was
 * queued. Totals only; never a reader.
 *
 * @param type {@code alert.actions.changed}
 * @param timestamp when the latest counted report was made
 * @param data the alert's totals
 */
record ActionsChangedPayload(String type, Instant timestamp, Data data) {

	static final String TYPE = "alert.actions.changed";

	String json() {
		return WireFormat.jsonMapper().writeValueAsString(this);
	}

	/**
	 * An alert's action totals.
	 *
	 * @param alertId the alert
	 * @param actions each action anyone reported, by index
	 * @param changedAt when the latest counted report was made
	 */
	record Data(String alertId, List<Action> actions, Instant changedAt) {
	}

	/**
	 * One action's total.
	 *
	 * @param action its index in the alert's actions, from 0
	 * @param kind its kind ({@code write}, {@code attend}, ...)
	 * @param total how many readers said they took it, each counted once
	 */
	record Action(int action, String kind, long total) {
	}

}
