package org.solidarityalerts.ingest.organiser;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What the operator keeps about an organisation beyond its keys.
 *
 * @param id the organisation's slug
 * @param testAddress the organisation's own address for test sends of previews, set by
 * the operator once they have verified that it is the organisation's; organisers cannot
 * set it
 * @param testAddressVerifiedBy the operator key that set it
 * @param testAddressVerifiedAt when it was set
 */
@Document("organisations")
public record Organisation(@Id String id, @Nullable String testAddress, @Nullable String testAddressVerifiedBy,
		@Nullable Instant testAddressVerifiedAt) {
}
