package org.solidarityalerts.dispatch.mail;

import org.solidarityalerts.dispatch.mail.SmtpSender.RelayStatus;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The SMTP relay as dispatch last found it: reachable or why not (a relay that does not
 * offer the STARTTLS that credentials require, a certificate that cannot be verified, a
 * refused login), how connections are secured, and whether it takes internationalised
 * mailboxes. It reports what the senders saw, and connects once at start-up so the answer
 * is there before the first alert; a health check never opens a connection.
 */
@Component("relay")
class RelayHealthIndicator implements HealthIndicator {

	private final SmtpSender sender;

	RelayHealthIndicator(SmtpSender sender) {
		this.sender = sender;
	}

	@EventListener(ApplicationReadyEvent.class)
	void probeOnStart() {
		Thread.ofVirtual().name("relay-probe").start(this.sender::probe);
	}

	@Override
	public Health health() {
		RelayStatus relay = this.sender.relay();
		Health.Builder health = (relay.checkedAt() == null) ? Health.unknown()
				: relay.reachable() ? Health.up() : Health.down();
		health.withDetail("relay", relay.address())
			.withDetail("security", relay.security())
			.withDetail("status", relay.reason());
		if (relay.checkedAt() != null) {
			health.withDetail("checkedAt", relay.checkedAt().toString());
		}
		if (relay.reachable()) {
			health.withDetail("encrypted", relay.encrypted())
				.withDetail("smtpUtf8", relay.smtpUtf8())
				.withDetail("pipelining", relay.pipelining());
		}
		return health.build();
	}

}
