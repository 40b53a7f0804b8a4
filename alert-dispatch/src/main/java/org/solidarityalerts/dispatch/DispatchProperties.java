package org.solidarityalerts.dispatch;

import java.time.Duration;

import org.solidarityalerts.service.TopicReplication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of alert-dispatch, under {@code alert.dispatch}.
 *
 * @param source the CloudEvents source written on every record this service produces
 * @param fanOut how audiences are streamed onto the delivery topics
 * @param mail what every e-mail says about its sender
 * @param smtp how e-mail is handed to the SMTP server (its address is
 * {@code spring.mail.*})
 * @param topics how the topics are created
 * @param listeners how many consumer threads read each kind of delivery batch
 * @param delivery how deferred deliveries are retried, and when a claim is abandoned
 */
@ConfigurationProperties("alert.dispatch")
public record DispatchProperties(@DefaultValue("/alert-dispatch") String source, @DefaultValue FanOut fanOut,
		@DefaultValue Mail mail, @DefaultValue Smtp smtp,
		@DefaultValue @NestedConfigurationProperty TopicReplication topics, @DefaultValue Listeners listeners,
		@DefaultValue Delivery delivery) {

	/**
	 * Retries and claims.
	 *
	 * @param maxAttempts attempts per delivery before it is dead-lettered
	 * @param firstRetryAfter the wait before the second attempt
	 * @param backoffMultiplier how much longer each following wait is
	 * @param maxRetryAfter the longest wait between attempts
	 * @param claimTimeout after this, a delivery claimed by an instance that stopped may
	 * be taken over
	 * @param sendingWindow messages marked as being sent in one ledger write before they
	 * go over one SMTP connection: the ledger costs one round trip per window instead of
	 * one per message, and an instance that dies leaves at most this many per connection
	 * in doubt (docs/dispatch.md)
	 */
	public record Delivery(@DefaultValue("6") int maxAttempts, @DefaultValue("30s") Duration firstRetryAfter,
			@DefaultValue("4") double backoffMultiplier, @DefaultValue("1h") Duration maxRetryAfter,
			@DefaultValue("2m") Duration claimTimeout, @DefaultValue("1") int sendingWindow) {

		/**
		 * The wait before an attempt.
		 * @param attempt the attempt about to be scheduled, from 2
		 * @return how long to wait
		 */
		public Duration retryAfter(int attempt) {
			double factor = Math.pow(this.backoffMultiplier, Math.max(0, attempt - 2));
			long millis = (long) Math.min(this.maxRetryAfter.toMillis(), this.firstRetryAfter.toMillis() * factor);
			return Duration.ofMillis(millis);
		}

	}

	/**
	 * Consumer threads per listener container (urgent and bulk batches have containers of
	 * their own), and how a record whose handling failed is tried again.
	 *
	 * @param urgentConcurrency threads sending urgent actions
	 * @param bulkConcurrency threads sending all other alerts
	 * @param retryAfter the wait before a failed record's second try; each following wait
	 * is twice as long
	 * @param retries tries after the first before the record goes to its dead-letter
	 * topic
	 * @param outageRetryEvery the longest wait between tries while MongoDB cannot be
	 * reached or Kafka cannot take what the listener publishes, which go on for as long
	 * as that lasts
	 */
	public record Listeners(@DefaultValue("2") int urgentConcurrency, @DefaultValue("2") int bulkConcurrency,
			@DefaultValue("500ms") Duration retryAfter, @DefaultValue("4") int retries,
			@DefaultValue("10s") Duration outageRetryEvery) {
	}

	/**
	 * The audience stage.
	 *
	 * @param batchSize recipients per delivery batch
	 * @param checkpointEvery batches between checkpoints of the audience cursor (a
	 * restart resumes there)
	 */
	public record FanOut(@DefaultValue("200") int batchSize, @DefaultValue("10") int checkpointEvery) {
	}

	/**
	 * The sender's identity.
	 *
	 * @param from the From address
	 * @param fromName the From display name
	 * @param listId the List-Id domain part, e.g. {@code alerts.example.org}
	 * @param publicUrl where subscribers reach this service (for unsubscribe and
	 * preference links)
	 */
	public record Mail(@DefaultValue("alerts@solidarity.example.org") String from,
			@DefaultValue("Solidarity alerts") String fromName,
			@DefaultValue("alerts.solidarity.example.org") String listId,
			@DefaultValue("http://localhost:8081") String publicUrl) {
	}

	/**
	 * SMTP delivery.
	 *
	 * @param connections SMTP sessions kept open at most (shared by all sending threads)
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for a reply
	 * @param maxPerSecond the most messages this instance hands to the SMTP server per
	 * second, over a sliding second, across all its threads; 0 for no limit
	 * @param maxIdle how long a connection may stay idle in the pool before it is closed
	 * instead of used; below the relay's own idle timeout (Postfix: 300 s, many
	 * providers: 30 to 60 s)
	 * @param requireTls whether to refuse a relay that does not offer STARTTLS even
	 * without credentials (with credentials it is always required; TLS from the first
	 * byte is {@code spring.mail.ssl.enabled})
	 * @param sharedMaxPerSecond the most messages all dispatch instances together hand to
	 * the SMTP server per second (the relay's quota), coordinated through MongoDB; 0 for
	 * no shared limit and no MongoDB round trip per message
	 * @param sharedMaxConnections the most SMTP connections all dispatch instances
	 * together keep open (the relay's cap), coordinated through MongoDB leases; 0 for no
	 * shared cap
	 * @param lease how long a connection slot of an instance that stopped without giving
	 * it back stays taken; leases are renewed every third of it, a connection idle for a
	 * third of it is closed to give its slot back, and a sender waits at most two leases
	 * for a slot before it defers its messages
	 * @param pipelining whether to send each message's MAIL, RCPT and DATA as one group
	 * (RFC 2920) where the relay offers PIPELINING: two round trips per message instead
	 * of four
	 */
	public record Smtp(@DefaultValue("4") int connections, @DefaultValue("10s") Duration connectTimeout,
			@DefaultValue("30s") Duration readTimeout, @DefaultValue("0") int maxPerSecond,
			@DefaultValue("15s") Duration maxIdle, @DefaultValue("false") boolean requireTls,
			@DefaultValue("0") int sharedMaxPerSecond, @DefaultValue("0") int sharedMaxConnections,
			@DefaultValue("30s") Duration lease, @DefaultValue("true") boolean pipelining) {
	}

}
