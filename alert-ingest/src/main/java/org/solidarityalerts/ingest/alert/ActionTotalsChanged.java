package org.solidarityalerts.ingest.alert;

import java.time.Instant;
import java.util.List;

/**
 * The totals of an alert's actions went up: announced as an application event after the
 * new total is stored, with every action's total as it then stood. Naming no reader.
 *
 * @param alertId the alert
 * @param totals every action anyone reported, by index
 * @param changedAt when the report that raised a total was made
 */
public record ActionTotalsChanged(String alertId, List<Total> totals, Instant changedAt) {

	public ActionTotalsChanged {
		totals = List.copyOf(totals);
	}

	/**
	 * How many readers reported one action.
	 *
	 * @param action the action's index in the alert's actions, from 0
	 * @param kind its kind ({@code write}, {@code attend}, ...)
	 * @param total how many readers said they took it
	 */
	public record Total(int action, String kind, long total) {
	}

}
