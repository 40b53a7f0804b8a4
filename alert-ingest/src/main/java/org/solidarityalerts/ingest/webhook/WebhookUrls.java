package org.solidarityalerts.ingest.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which addresses may be webhook endpoints: absolute {@code https://} URLs with a host,
 * without credentials or a fragment, of at most 2,000 characters; {@code http://} only
 * where a setting for the local stack and tests allows it.
 */
final class WebhookUrls {

	static final int MAX_LENGTH = 2000;

	private WebhookUrls() {
	}

	/**
	 * Why an address may not be an endpoint.
	 * @param url the address
	 * @param allowHttp whether plain {@code http://} is allowed
	 * @return the reason, or null if it may
	 */
	static @Nullable String problem(@Nullable String url, boolean allowHttp) {
		if (url == null || url.isBlank()) {
			return "is required: the https:// address to post events to";
		}
		if (url.length() > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters";
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return "is not a valid URL";
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
			return "must be an https:// URL";
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			return "must name a host";
		}
		if (uri.getRawUserInfo() != null) {
			return "must not carry credentials; each call is signed with the endpoint's secret instead";
		}
		if (uri.getRawFragment() != null) {
			return "must not have a fragment";
		}
		return null;
	}

}
