package org.solidarityalerts.dispatch.feedback;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the SMTP endpoint that reads bounces, complaints and unsubscribes sent by
 * mail, under {@code alert.dispatch.inbound}.
 *
 * @param enabled whether dispatch listens for mail; when not, every message's envelope
 * sender is the From address
 * @param bindAddress the address to listen on
 * @param port the port to listen on (the domain's MX must lead there, on port 25)
 * @param domain the domain whose MX points here; the List-Id domain when unset
 * @param maxMessageSize the largest message accepted; a report with the whole original
 * message must fit
 */
@ConfigurationProperties("alert.dispatch.inbound")
public record InboundProperties(@DefaultValue("false") boolean enabled, @DefaultValue("0.0.0.0") String bindAddress,
		@DefaultValue("2525") int port, @Nullable String domain, @DefaultValue("2MB") DataSize maxMessageSize) {
}
