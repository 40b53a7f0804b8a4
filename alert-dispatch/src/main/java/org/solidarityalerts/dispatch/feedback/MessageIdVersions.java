package org.solidarityalerts.dispatch.feedback;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertVersion;
import org.solidarityalerts.contract.SubscriberId;

/**
 * Reads the alert version back out of a Message-ID that dispatch wrote
 * ({@code <ALERTID.vN.SUBSCRIBERID@domain>}, see {@code mail.MessageIds}), but only when
 * it is the reported subscriber's: a Message-ID is not signed, so it attributes a report
 * that a token already authenticated, and never says whom it is about.
 */
final class MessageIdVersions {

	private static final Pattern MESSAGE_ID = Pattern
		.compile("<?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.v([0-9]{1,9})\\."
				+ "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@([^>\\s]+)>?");

	private MessageIdVersions() {
	}

	static @Nullable AlertVersion versionOf(@Nullable String messageId, SubscriberId subscriber, String domain) {
		if (messageId == null) {
			return null;
		}
		Matcher matcher = MESSAGE_ID.matcher(messageId.strip().toLowerCase(Locale.ROOT));
		if (!matcher.matches() || !matcher.group(3).equals(subscriber.toString().toLowerCase(Locale.ROOT))
				|| !matcher.group(4).equals(domain.toLowerCase(Locale.ROOT))) {
			return null;
		}
		int version = Integer.parseInt(matcher.group(2));
		return (version >= 1) ? new AlertVersion(AlertId.parse(matcher.group(1)), version) : null;
	}

}
