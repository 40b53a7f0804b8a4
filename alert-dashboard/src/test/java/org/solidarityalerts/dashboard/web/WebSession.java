package org.solidarityalerts.dashboard.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's session with the dashboard over HTTP, as a browser without script would have
 * it: a cookie jar, the login form, and the CSRF token from each page's meta tags.
 */
final class WebSession {

	private static final Pattern META = Pattern.compile("<meta name=\"(_csrf(?:_header)?)\" content=\"([^\"]*)\"");

	private static final Pattern HIDDEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

	private final String base;

	private final HttpClient client;

	private String csrfHeader = "X-CSRF-TOKEN";

	private String csrfToken = "";

	WebSession(int port) {
		this.base = "http://localhost:" + port;
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * A session from a client address of its own.
	 * @param port the dashboard's port
	 * @param from a loopback address (all of 127.0.0.0/8 is), which the dashboard sees as
	 * the client's
	 */
	WebSession(int port, InetAddress from) {
		this.base = "http://127.0.0.1:" + port;
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.localAddress(from)
			.build();
	}

	/**
	 * Logs in through the login form.
	 * @return the response to the form's post
	 */
	HttpResponse<String> logIn(String name, String password) throws IOException, InterruptedException {
		String page = get("/login").body();
		Matcher token = HIDDEN.matcher(page);
		if (!token.find()) {
			throw new IllegalStateException("The login page has no CSRF token");
		}
		String form = "username=" + encode(name) + "&password=" + encode(password) + "&_csrf=" + encode(token.group(1));
		return send(HttpRequest.newBuilder(URI.create(this.base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
			.GET());
		Matcher meta = META.matcher(response.body());
		while (meta.find()) {
			if (meta.group(1).equals("_csrf")) {
				this.csrfToken = meta.group(2);
			}
			else {
				this.csrfHeader = meta.group(2);
			}
		}
		return response;
	}

	/**
	 * Posts a form as htmx would, with the CSRF token of the last page in a header.
	 */
	HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("HX-Request", "true")
			.header(this.csrfHeader, this.csrfToken)
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/**
	 * Follows a stream of server-sent events line by line.
	 */
	HttpResponse<java.util.stream.Stream<String>> stream(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "text/event-stream")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofLines());
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
