package org.solidarityalerts.contract;

/**
 * One version of one alert: the unit that a subscriber receives at most once.
 *
 * @param alertId the alert
 * @param version its version, starting at 1
 */
public record AlertVersion(AlertId alertId, int version) {

	public AlertVersion {
		java.util.Objects.requireNonNull(alertId, "alertId");
		if (version < 1) {
			throw new IllegalArgumentException("version must be at least 1");
		}
	}

	/**
	 * A stable textual key, {@code <alert id>:v<version>}.
	 * @return the key
	 */
	public String key() {
		return this.alertId + ":v" + this.version;
	}

	@Override
	public String toString() {
		return key();
	}

}
