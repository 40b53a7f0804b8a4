package org.solidarityalerts.service;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.solidarityalerts.contract.ContractEvent;
import org.solidarityalerts.contract.DeliveryEvent.DeliveriesRecorded;

/**
 * How the read models of the outcome records (the dashboard's board, the organisers'
 * progress) take a poll's records a part at a time. A {@code delivery.batch-recorded}
 * holds up to 500 outcomes, so a poll of a few hundred records may hold a hundred
 * thousand, and one query for all their deliveries would pass MongoDB's 16 MiB limit on a
 * command. A part holds at most {@link #MAX_OUTCOMES} outcomes (more only when one record
 * holds more) and never splits a record, whose outcomes are counted together.
 */
public final class OutcomeParts {

	/** The most outcomes a part holds, unless one record holds more. */
	public static final int MAX_OUTCOMES = 1_000;

	private OutcomeParts() {
	}

	/**
	 * How many outcomes an event holds: a batch record its entries, any other one.
	 * @param event the event
	 * @return its weight in a part
	 */
	public static int outcomesIn(ContractEvent event) {
		return (event instanceof DeliveriesRecorded recorded) ? Math.max(1, recorded.deliveries().size()) : 1;
	}

	/**
	 * A poll's records in consecutive parts, in order.
	 * @param <T> how the read model holds a record
	 * @param records the records as read
	 * @param event a record's event
	 * @param max the most outcomes in a part ({@link #MAX_OUTCOMES}, smaller in tests)
	 * @return views of the list, none empty unless the list is
	 */
	public static <T> List<List<T>> of(List<T> records, Function<T, ContractEvent> event, int max) {
		List<List<T>> parts = new ArrayList<>();
		int from = 0;
		int outcomes = 0;
		for (int i = 0; i < records.size(); i++) {
			int these = outcomesIn(event.apply(records.get(i)));
			if (i > from && outcomes + these > max) {
				parts.add(records.subList(from, i));
				from = i;
				outcomes = 0;
			}
			outcomes += these;
		}
		parts.add(records.subList(from, records.size()));
		return parts;
	}

}
