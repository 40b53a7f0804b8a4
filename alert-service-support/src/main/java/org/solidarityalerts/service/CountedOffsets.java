package org.solidarityalerts.service;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * How the read models of the outcome records (the dashboard's board, the organisers'
 * progress) count each event once: a counter document keeps, for each partition, the
 * offset of the last event it counted, and counts only later ones (a partition's events
 * are applied in order).
 */
public final class CountedOffsets {

	private CountedOffsets() {
	}

	/**
	 * The field where a counter document keeps the offset it counted to in a partition.
	 * @param topic the partition's topic
	 * @param partition the partition
	 * @return the field's path, e.g. {@code counted.delivery_outcomes-3}
	 */
	public static String field(String topic, int partition) {
		return "counted." + topic.replace('.', '_') + "-" + partition;
	}

	/**
	 * The offset a counter document counted to.
	 * @param document the document, if there is one
	 * @param field the field, from {@link #field(String, int)}
	 * @return the offset, or -1 if it counted nothing from that partition
	 */
	public static long in(@Nullable Document document, String field) {
		Object value = document;
		for (String part : field.split("\\.")) {
			value = (value instanceof Document inner) ? inner.get(part) : null;
		}
		return (value instanceof Number number) ? number.longValue() : -1;
	}

}
