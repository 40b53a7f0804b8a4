package org.solidarityalerts.dispatch.subscriber;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.index.IndexDefinition;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Mongo wire server the tests run against ignores secondary indexes, so what MongoDB
 * will be asked to build is checked here: every query dispatch repeats over all
 * subscribers has an index to use.
 */
class SubscriberIndexesTests {

	private final Map<String, IndexDefinition> indexes = StreamSupport
		.stream(new MongoPersistentEntityIndexResolver(mappingContext()).resolveIndexFor(Subscriber.class)
			.spliterator(), false)
		.map(IndexDefinition.class::cast)
		.collect(Collectors.toMap((index) -> index.getIndexOptions().getString("name"), (index) -> index));

	private static MongoMappingContext mappingContext() {
		// As the application's: dates and the like are values, not entities.
		MongoMappingContext context = new MongoMappingContext();
		context.setSimpleTypeHolder(new MongoCustomConversions(List.of()).getSimpleTypeHolder());
		context.afterPropertiesSet();
		return context;
	}

	@Test
	void theAudienceQueriesHaveAnIndexForEachWayOfFollowing() {
		assertThat(this.indexes.get("audience_by_campaign").getIndexKeys())
			.isEqualTo(new Document("status", 1).append("preferences.campaigns", 1).append("_id", 1));
		assertThat(this.indexes.get("audience_by_country").getIndexKeys())
			.isEqualTo(new Document("status", 1).append("preferences.countries", 1).append("_id", 1));
	}

	@Test
	void theLookUpOfDueServiceMailsUsesASparseIndexOfOnlyThoseWithOnePending() {
		IndexDefinition due = this.indexes.get("service_mail_due");
		assertThat(due.getIndexKeys()).isEqualTo(new Document("serviceMail.dueAt", 1));
		assertThat(due.getIndexOptions().getBoolean("sparse")).isTrue();
	}

	@Test
	void anAddressIsKeptOnceWhateverItsCase() {
		assertThat(this.indexes.get("emailKey").getIndexOptions().getBoolean("unique")).isTrue();
	}

}
