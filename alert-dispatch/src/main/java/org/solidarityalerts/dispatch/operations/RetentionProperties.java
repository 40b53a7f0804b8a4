package org.solidarityalerts.dispatch.operations;

import java.time.Duration;
import java.util.List;

import org.solidarityalerts.service.Retention;
import org.solidarityalerts.service.Retention.Rule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long dispatch keeps what it records, under {@code alert.dispatch.retention}. The
 * delivery ledger says which subscriber got which campaign's alert, which reveals
 * political opinions: it is kept only as long as it serves delivery (retries, updates and
 * cancellations that reach past recipients, an operator's look at a dead letter), then
 * forgotten.
 *
 * @param ledger how long a delivery's ledger entry is kept after its last change; an
 * update or cancellation of an older alert no longer reaches its past recipients
 * @param digestItems how long an item is kept after it joined a digest queue, sent or not
 * @param purgeInterval how often expired documents are deleted
 */
@ConfigurationProperties("alert.dispatch.retention")
public record RetentionProperties(@DefaultValue("90d") Duration ledger, @DefaultValue("60d") Duration digestItems,
		@DefaultValue("1h") Duration purgeInterval) implements Retention.Policy {

	@Override
	public List<Rule> rules() {
		return List.of(new Rule("deliveries", "updatedAt", this.ledger),
				new Rule("digest_items", "addedAt", this.digestItems));
	}

}
