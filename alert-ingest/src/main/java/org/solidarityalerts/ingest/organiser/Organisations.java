package org.solidarityalerts.ingest.organiser;

import java.time.Clock;
import java.util.Optional;

import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The organisations' records, kept by the operator: for now their verified test address,
 * the only address a test send of a preview may go to.
 */
@Service
public class Organisations {

	private final MongoTemplate mongo;

	private final Clock clock;

	Organisations(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * The organisation's verified test address.
	 * @param organisation the organisation's slug
	 * @return the address, if the operator set one
	 */
	public Optional<String> testAddress(String organisation) {
		return Optional.ofNullable(this.mongo.findById(organisation, Organisation.class))
			.map(Organisation::testAddress);
	}

	/**
	 * Sets an organisation's test address, verified by the operator.
	 * @param organisation the organisation's slug
	 * @param address the address
	 * @param operatorKey the id of the operator's key
	 * @return the organisation's record
	 */
	Organisation setTestAddress(String organisation, String address, String operatorKey) {
		return this.mongo.findAndModify(Query.query(Criteria.where("_id").is(organisation)),
				new Update().set("testAddress", address)
					.set("testAddressVerifiedBy", operatorKey)
					.set("testAddressVerifiedAt", this.clock.instant()),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Organisation.class);
	}

	/**
	 * Removes an organisation's test address: test sends are refused until one is set.
	 * @param organisation the organisation's slug
	 * @return whether it had one
	 */
	boolean clearTestAddress(String organisation) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(organisation).and("testAddress").ne(null)),
					new Update().unset("testAddress").unset("testAddressVerifiedBy").unset("testAddressVerifiedAt"),
					Organisation.class)
			.getModifiedCount() > 0;
	}

}
