package org.solidarityalerts.dashboard.deadletters;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One record on a dead-letter topic, as the dashboard shows it: where it is, where it
 * came from, why it failed, and whether it was re-driven. The body is never shown, only
 * its size.
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset
 * @param at when it was dead-lettered
 * @param key the record's key
 * @param type the event type from its headers, if any
 * @param originalTopic the topic it failed on
 * @param reason why it failed
 * @param headers its failure headers, addresses masked
 * @param size the body's size in bytes
 * @param redrives how many times the record it came from was re-driven before
 * @param redriven whether this record was re-driven already
 * @param copies how many records on its topic carry the same event, this the first: a
 * record written again (by a batch read again before dispatch noted the first as written)
 * is shown once
 */
public record DeadLetter(String topic, int partition, long offset, Instant at, @Nullable String key,
		@Nullable String type, @Nullable String originalTopic, String reason, Map<String, String> headers, int size,
		int redrives, boolean redriven, int copies) {

	/**
	 * This record, re-driven already.
	 * @return a copy that says so
	 */
	DeadLetter withRedriven() {
		return new DeadLetter(this.topic, this.partition, this.offset, this.at, this.key, this.type, this.originalTopic,
				this.reason, this.headers, this.size, this.redrives, true, this.copies);
	}

	/**
	 * This record, with one more copy of it seen.
	 * @return a copy that counts it
	 */
	DeadLetter withOneMoreCopy() {
		return new DeadLetter(this.topic, this.partition, this.offset, this.at, this.key, this.type, this.originalTopic,
				this.reason, this.headers, this.size, this.redrives, this.redriven, this.copies + 1);
	}

	/**
	 * The record's reference, as forms send it back.
	 * @return {@code topic/partition/offset}
	 */
	public String ref() {
		return this.topic + "/" + this.partition + "/" + this.offset;
	}

	/**
	 * An element id for the record's row.
	 * @return an id made of letters, digits and dashes
	 */
	public String rowId() {
		return "dl-" + this.topic.replace('.', '-') + "-" + this.partition + "-" + this.offset;
	}

}
