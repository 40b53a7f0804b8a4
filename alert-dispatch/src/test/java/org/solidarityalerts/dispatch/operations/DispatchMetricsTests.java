package org.solidarityalerts.dispatch.operations;

import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.index.Index;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mongo wire server the tests run against ignores secondary indexes, so what MongoDB
 * will be asked to build for the ledger's gauges is checked here: each count has a
 * partial index holding only the deliveries it counts.
 */
class DispatchMetricsTests {

	private final List<Index> indexes = DispatchMetrics.ledgerCountIndexes();

	@Test
	void pendingRetriesAreCountedThroughAnIndexOfOnlyTheDeferredDeliveries() {
		Index deferred = this.indexes.getFirst();
		assertThat(deferred.getIndexKeys()).isEqualTo(new Document("status", 1));
		assertThat(deferred.getIndexOptions().get("partialFilterExpression"))
			.isEqualTo(new Document("status", "deferred"));
	}

	@Test
	void deliveriesInDoubtAreCountedThroughAnIndexOfOnlyTheDeadLetteredOnes() {
		Index deadLettered = this.indexes.get(1);
		assertThat(deadLettered.getIndexKeys()).isEqualTo(new Document("status", 1).append("detail", 1));
		assertThat(deadLettered.getIndexOptions().get("partialFilterExpression"))
			.isEqualTo(new Document("status", "dead-lettered"));
	}

}
