package org.solidarityalerts.dispatch.subscriber;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.dispatch.subscription.DispatchIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suppression list keeps only keyed hashes, finds an address whatever its case, and
 * takes a suppressed subscriber out of every audience; the index the sign-up relies on
 * exists from start-up.
 */
@DispatchIntegrationTest
class SuppressionListIntegrationTests {

	@Autowired
	SuppressionList suppressions;

	@Autowired
	SubscriberStore store;

	@Autowired
	MongoTemplate mongo;

	@Test
	void aSuppressedAddressIsStoredOnlyAsAKeyedHashAndFoundWhateverItsCase() {
		String email = "Bounced-" + UUID.randomUUID() + "@Example.org";

		this.suppressions.suppress(email, "hard-bounce");
		this.suppressions.suppress(email, "hard-bounce");

		assertThat(this.suppressions.isSuppressed(email.toLowerCase(Locale.ROOT))).isTrue();
		assertThat(this.suppressions.isSuppressed(" " + email.toUpperCase(Locale.ROOT) + " ")).isTrue();
		assertThat(this.suppressions.isSuppressed("someone-else@example.org")).isFalse();
		Document stored = this.mongo.findById(this.suppressions.hash(email), Document.class, "suppressions");
		assertThat(stored).isNotNull();
		assertThat(stored.toJson()).doesNotContainIgnoringCase("bounced").doesNotContainIgnoringCase("example.org");
		assertThat(stored.getString("reason")).isEqualTo("hard-bounce");
		assertThat(stored.getString("_id")).hasSize(64);
	}

	@Test
	void theKeyIsRotatedWithoutForgettingAnAddressLookedUpWhileTheOldKeyWasStillConfigured() {
		String oldSecret = "an-old-suppression-key-of-at-least-32-characters";
		String newSecret = "a-new-suppression-key-of-at-least-32-characters!";
		String looked = "rotated-" + UUID.randomUUID() + "@example.org";
		String unseen = "unseen-" + UUID.randomUUID() + "@example.org";
		SuppressionList before = new SuppressionList(this.mongo, new SuppressionProperties(oldSecret),
				java.time.Clock.systemUTC());
		before.suppress(looked, "complaint");
		before.suppress(unseen, "hard-bounce");

		SuppressionList during = new SuppressionList(this.mongo,
				new SuppressionProperties(oldSecret, "k2027", java.util.Map.of("k2027", newSecret)),
				java.time.Clock.systemUTC());
		assertThat(during.isSuppressed(looked)).as("found under the old key").isTrue();
		Document copied = this.mongo.findById(during.hash(looked), Document.class, "suppressions");
		assertThat(copied).isNotNull();
		assertThat(copied.getString("keyId")).isEqualTo("k2027");
		assertThat(copied.getString("reason")).isEqualTo("complaint");
		during.suppress("new-" + looked, "hard-bounce");

		SuppressionList after = new SuppressionList(this.mongo,
				new SuppressionProperties(newSecret, "k2027", java.util.Map.of("k2027", newSecret)),
				java.time.Clock.systemUTC());
		assertThat(after.isSuppressed(looked)).as("copied under the current key before the old one went").isTrue();
		assertThat(after.isSuppressed("new-" + looked)).isTrue();
		assertThat(after.isSuppressed(unseen)).as("never looked up while the old key was there").isFalse();
	}

	@Test
	void suppressingAnAddressTakesItsSubscriberOutOfEveryAudience() {
		String email = "complaint-" + UUID.randomUUID() + "@example.org";
		Subscriber subscriber = this.mongo.insert(new Subscriber(UUID.randomUUID().toString(), email,
				Subscriber.keyOf(email), null, null, List.of("en"), null, SubscriberStatus.CONFIRMED,
				new Preferences(List.of("free-dana-serikova"), List.of(), List.of(), null), java.time.Instant.now(),
				java.time.Instant.now()));
		AlertSnapshot alert = new AlertSnapshot(AlertId.random(), 1, AlertKind.URGENT_ACTION, "org",
				new Campaign("free-dana-serikova", "Free Dana"), "KZ", List.of(), "en",
				java.util.Map.of("en", new LocalizedContent("t", "s", null, null)), List.of(), java.time.Instant.now(),
				null, null);
		assertThat(audience(alert)).contains(subscriber.id());

		this.suppressions.suppress(email.toUpperCase(Locale.ROOT), "complaint");

		assertThat(this.mongo.findById(subscriber.id(), Subscriber.class).status())
			.isEqualTo(SubscriberStatus.SUPPRESSED);
		assertThat(audience(alert)).doesNotContain(subscriber.id());
		assertThat(this.store.recipients(List.of(org.solidarityalerts.contract.SubscriberId.parse(subscriber.id()))))
			.singleElement()
			.extracting(Recipient::status)
			.as("delivery sees the suppression too")
			.isEqualTo(SubscriberStatus.SUPPRESSED);
	}

	@Test
	void theUniqueAddressIndexExistsFromStartUp() {
		List<IndexInfo> indexes = this.mongo.indexOps(Subscriber.class).getIndexInfo();

		assertThat(indexes).anySatisfy((index) -> {
			assertThat(index.getIndexFields()).singleElement()
				.satisfies((field) -> assertThat(field.getKey()).isEqualTo("emailKey"));
			assertThat(index.isUnique()).isTrue();
		});
	}

	private List<String> audience(AlertSnapshot alert) {
		List<String> ids = new java.util.ArrayList<>();
		this.store.streamAudience(alert, null, 100, ids::add);
		return ids;
	}

}
