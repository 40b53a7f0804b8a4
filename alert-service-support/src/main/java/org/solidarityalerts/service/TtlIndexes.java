package org.solidarityalerts.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.Index;

/**
 * TTL indexes on a date field that says when a document may go: MongoDB removes each
 * document once its date has passed.
 */
public final class TtlIndexes {

	private static final Logger logger = LoggerFactory.getLogger(TtlIndexes.class);

	private TtlIndexes() {
	}

	/**
	 * Creates a collection's TTL index on a field holding each document's expiry, if
	 * MongoDB can be reached; if not, the documents stay until a later start creates it.
	 * @param mongo the database
	 * @param collection the collection
	 * @param field the date field, such as {@code expireAt}
	 */
	public static void expireAt(MongoOperations mongo, String collection, String field) {
		try {
			mongo.indexOps(collection)
				.createIndex(new Index().on(field, Sort.Direction.ASC).named("ttl_" + field).expire(0));
		}
		catch (DataAccessException ex) {
			logger.warn("The TTL index of {} could not be created now: {}", collection, ex.getClass().getName());
		}
	}

}
