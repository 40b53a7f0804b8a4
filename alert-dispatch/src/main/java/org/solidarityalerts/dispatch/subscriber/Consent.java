package org.solidarityalerts.dispatch.subscriber;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a subscriber agreed to, when and where: the record that they asked for alerts.
 *
 * @param requestedAt when the sign-up (or import) was received
 * @param source where it came from: {@code form}, {@code api} or {@code import}
 * @param wordingVersion the version of the consent wording they were shown
 * @param confirmedAt when they followed the confirmation link, or null until they do
 * (imports carry the organiser's attestation instead)
 */
public record Consent(Instant requestedAt, String source, String wordingVersion, @Nullable Instant confirmedAt) {
}
