package org.solidarityalerts.dispatch.delivery;

import java.util.function.Consumer;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Who received earlier versions of an alert, read from the delivery ledger: the audience
 * of an update (besides the matching subscribers) and of a cancellation notice. Streamed
 * in subscriber order, each subscriber once.
 */
@Component
public class PastRecipients {

	private final MongoTemplate mongo;

	PastRecipients(MongoTemplate mongo) {
		this.mongo = mongo;
		mongo.indexOps(DeliveryLedger.COLLECTION)
			.createIndex(new Index().on("alertId", Sort.Direction.ASC).on("subscriberId", Sort.Direction.ASC));
	}

	/**
	 * Streams the ids of subscribers who were sent an earlier version.
	 * @param version the new version; recipients of lower versions are streamed
	 * @param after the last id already handed out, or null to start from the beginning
	 * @param batchSize the cursor's batch size
	 * @param each called with each id, in order, once
	 */
	public void stream(AlertVersion version, @Nullable String after, int batchSize, Consumer<String> each) {
		Criteria criteria = Criteria.where("alertId")
			.is(version.alertId().toString())
			.and("version")
			.lt(version.version())
			.and("status")
			.is(WireFormat.name(DeliveryStatus.SENT));
		if (after != null) {
			criteria.and("subscriberId").gt(after);
		}
		Query query = Query.query(criteria).with(Sort.by("subscriberId")).cursorBatchSize(batchSize);
		query.fields().include("subscriberId");
		String[] last = { after };
		try (var recipients = this.mongo.stream(query, Document.class, DeliveryLedger.COLLECTION)) {
			recipients.forEach((document) -> {
				String id = document.getString("subscriberId");
				if (!id.equals(last[0])) {
					last[0] = id;
					each.accept(id);
				}
			});
		}
	}

}
