package org.solidarityalerts.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an alert asks of its readers.
 */
public enum AlertKind {

	/** Act now: a hunger strike, a court review, an arrest. Always sent immediately. */
	@JsonProperty("urgent-action")
	URGENT_ACTION,

	/** A longer-running call to act: a petition, letters to a court. */
	@JsonProperty("appeal")
	APPEAL,

	/** News of a case: a date set, a release, a prize. */
	@JsonProperty("news")
	NEWS,

	/** A protest or meeting at a place and a time. */
	@JsonProperty("event")
	EVENT;

	/**
	 * Whether alerts of this kind travel on the urgent topics.
	 * @return true for urgent actions
	 */
	public boolean urgent() {
		return this == URGENT_ACTION;
	}

}
