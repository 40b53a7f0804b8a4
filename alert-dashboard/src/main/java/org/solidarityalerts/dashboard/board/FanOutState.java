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
