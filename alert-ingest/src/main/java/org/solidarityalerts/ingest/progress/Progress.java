package org.solidarityalerts.ingest.progress;

/**
 * How far one alert version's fan-out has gone: each subscriber counted once, by the
 * latest status of their delivery.
 *
 * @param version the alert's version
 * @param audience how many subscribers dispatch resolved for it, or -1 before it did
 * @param sent deliveries the receiving server accepted
 * @param deferred deliveries waiting for another attempt
 * @param failed deliveries given up (failed or dead-lettered)
 * @param bounced bounce reports (hard and soft) about its e-mails
 * @param complained complaints (marked as spam) about its e-mails
 */
public record Progress(int version, long audience, long sent, long deferred, long failed, long bounced,
		long complained) {

	/**
	 * Whether dispatch has resolved the audience yet.
	 * @return whether the audience is known
	 */
	public boolean audienceKnown() {
		return this.audience >= 0;
	}

}
