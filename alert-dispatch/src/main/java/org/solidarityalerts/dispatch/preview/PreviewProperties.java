package org.solidarityalerts.dispatch.preview;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the internal preview endpoint, under {@code alert.dispatch.preview}.
 *
 * @param token the service token ingest presents as {@code Authorization: Bearer};
 * without it the endpoint refuses everyone (outside the {@code local} profile dispatch
 * refuses to start without it)
 */
@ConfigurationProperties("alert.dispatch.preview")
record PreviewProperties(@Nullable String token) {
}
