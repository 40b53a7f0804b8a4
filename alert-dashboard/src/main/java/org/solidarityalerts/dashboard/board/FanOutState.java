package org.solidarityalerts.dashboard.board;

/**
 * Where a fan-out stands, as the board shows it.
 */
public enum FanOutState {

	/** The alert is known, but no audience and no delivery yet. */
	SCHEDULED("scheduled"),

	/** Deliveries are under way, or some wait to be retried. */
	FANNING_OUT("fanning out"),

	/** Every recipient of the audience was delivered, suppressed or skipped. */
	DONE("done"),

	/**
	 * Every recipient has an outcome, but some deliveries failed or were dead-lettered.
	 */
	PARTIAL("partial"),

	/** An operator paused it: its batches wait. */
	PAUSED("paused"),

	/** The alert was called off, or an operator cancelled the fan-out. */
	CANCELLED("cancelled");

	private final String label;

	FanOutState(String label) {
		this.label = label;
	}

	/**
	 * How the board shows the state.
	 * @return the label
	 */
	public String label() {
		return this.label;
	}

	/**
	 * How the state is named in a URL, e.g. {@code fanning_out}.
	 * @return the key
	 */
	public String key() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * The state a URL names.
	 * @param key a state's {@link #key()}
	 * @return the state, or null if there is none by that key
	 */
	public static @org.jspecify.annotations.Nullable FanOutState ofKey(@org.jspecify.annotations.Nullable String key) {
		for (FanOutState state : values()) {
			if (state.key().equals(key)) {
				return state;
			}
		}
		return null;
	}

	/**
	 * Whether the fan-out is still in progress, so that a pause applies.
	 * @return true while scheduled or fanning out
	 */
	public boolean pausable() {
		return this == SCHEDULED || this == FANNING_OUT;
	}

	/**
	 * Whether a resume applies.
	 * @return true while paused
	 */
	public boolean resumable() {
		return this == PAUSED;
	}

	/**
	 * Whether a cancel applies: the fan-out has not finished (done, partial or
	 * cancelled).
	 * @return true while scheduled, fanning out or paused
	 */
	public boolean cancellable() {
		return this == SCHEDULED || this == FANNING_OUT || this == PAUSED;
	}

	/**
	 * The state of a fan-out from its figures.
	 * @param counts how many recipients are in each status
	 * @param audience the audience size, or null while it is not known
	 * @param paused whether an operator paused it
	 * @param cancelled whether the alert or its fan-out was cancelled
	 * @return the state
	 */
	static FanOutState of(Counts counts, @org.jspecify.annotations.Nullable Long audience, boolean paused,
			boolean cancelled) {
		if (cancelled) {
			return CANCELLED;
		}
		if (paused) {
			return PAUSED;
		}
		if (audience == null) {
			return (counts.total() == 0) ? SCHEDULED : FANNING_OUT;
		}
		if (counts.settled() < audience) {
			return FANNING_OUT;
		}
		return (counts.failed() + counts.deadLettered() > 0) ? PARTIAL : DONE;
	}

}
