package org.solidarityalerts.dispatch.feedback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;
import org.bson.Document;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.mail.ReturnPaths;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Envelope senders that say whom a bounce is about without an address:
 * {@code bounces+TOKEN@DOMAIN}, where TOKEN is lower-case base32 (no padding) of the
 * subscriber's id and the first {@value #MAC_BYTES} bytes of an HMAC-SHA256 over it under
 * the service's token secret and a purpose label of its own. The local part has 50
 * characters, within SMTP's 64; lower case survives servers that fold case. It does not
 * expire: a bounce may come days after the message.
 */
@Component
class ReturnPathTokens implements ReturnPaths {

	static final String PREFIX = "bounces+";

	private static final int MAC_BYTES = 10;

	private static final byte[] PURPOSE = "return-path\0".getBytes(StandardCharsets.US_ASCII);

	private static final Base32 BASE32 = new Base32();

	private final Mac keyed;

	private final InboundProperties inbound;

	private final DispatchProperties dispatch;

	private final MongoTemplate mongo;

	ReturnPathTokens(SubscriptionProperties subscription, InboundProperties inbound, DispatchProperties dispatch,
			MongoTemplate mongo) {
		try {
			this.keyed = Mac.getInstance("HmacSHA256");
			this.keyed
				.init(new SecretKeySpec(subscription.tokenSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		this.inbound = inbound;
		this.dispatch = dispatch;
		this.mongo = mongo;
	}

	@Override
	public String of(SubscriberId subscriber) {
		if (!this.inbound.enabled()) {
			return this.dispatch.mail().from();
		}
		return PREFIX + token(subscriber) + "@" + mailDomain();
	}

	@Override
	public String ofAddress(String email) {
		if (!this.inbound.enabled()) {
			return this.dispatch.mail().from();
		}
		Query query = Query.query(Criteria.where("emailKey").is(Subscriber.keyOf(email)));
		query.fields().include("_id");
		Document found = this.mongo.findOne(query, Document.class, "subscribers");
		return (found != null) ? of(SubscriberId.parse(found.getString("_id"))) : this.dispatch.mail().from();
	}

	@Override
	public String mailDomain() {
		String domain = this.inbound.domain();
		return (domain != null && !domain.isBlank()) ? domain.toLowerCase(Locale.ROOT)
				: this.dispatch.mail().listId().toLowerCase(Locale.ROOT);
	}

	/**
	 * The token of a subscriber's envelope sender.
	 * @param subscriber the subscriber
	 * @return lower-case base32 without padding
	 */
	String token(SubscriberId subscriber) {
		byte[] id = bytes(subscriber.value());
		byte[] token = Arrays.copyOf(id, id.length + MAC_BYTES);
		System.arraycopy(mac(id), 0, token, id.length, MAC_BYTES);
		return BASE32.encodeAsString(token).replace("=", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads a recipient address of the endpoint.
	 * @param address an address such as {@code bounces+TOKEN@domain}
	 * @return the subscriber, if the address is on this domain and its token genuine
	 */
	Optional<SubscriberId> verify(String address) {
		String lower = address.toLowerCase(Locale.ROOT);
		int at = lower.lastIndexOf('@');
		if (at < 0 || !lower.startsWith(PREFIX) || !lower.substring(at + 1).equals(mailDomain()) || at > 64) {
			return Optional.empty();
		}
		String token = lower.substring(PREFIX.length(), at);
		if (!token.matches("[a-z2-7]{42}")) {
			return Optional.empty();
		}
		byte[] bytes = BASE32.decode(token.toUpperCase(Locale.ROOT));
		if (bytes.length != 16 + MAC_BYTES) {
			return Optional.empty();
		}
		byte[] id = Arrays.copyOf(bytes, 16);
		byte[] expected = Arrays.copyOf(mac(id), MAC_BYTES);
		if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, 16, bytes.length))) {
			return Optional.empty();
		}
		ByteBuffer buffer = ByteBuffer.wrap(id);
		return Optional.of(new SubscriberId(new UUID(buffer.getLong(), buffer.getLong())));
	}

	private byte[] mac(byte[] id) {
		try {
			Mac mac = (Mac) this.keyed.clone();
			mac.update(PURPOSE);
			return mac.doFinal(id);
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] bytes(UUID id) {
		return ByteBuffer.allocate(16)
			.putLong(id.getMostSignificantBits())
			.putLong(id.getLeastSignificantBits())
			.array();
	}

}
