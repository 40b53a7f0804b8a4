package org.solidarityalerts.dispatch.subscription;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A person's HTTP client for the tests: keeps cookies like a browser, fills in forms
 * found in pages (with their hidden fields, such as the CSRF token), and comes from an IP
 * address of its own.
 */
public final class Web {

	private final String base;

	private final String clientAddress;

	private final HttpClient http;

	public Web(int port, String clientAddress) {
		this(port, clientAddress, true);
	}

	private Web(int port, String clientAddress, boolean cookies) {
		this.base = "http://localhost:" + port;
		this.clientAddress = clientAddress;
		HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
		if (cookies) {
			builder.cookieHandler(new CookieManager());
		}
		this.http = builder.build();
	}

	/**
	 * A client that keeps no cookies, as a mail provider's one-click unsubscribe.
	 * @param port the server's port
	 * @param clientAddress the client's IP address
	 * @return the client
	 */
	public static Web withoutCookies(int port, String clientAddress) {
		return new Web(port, clientAddress, false);
	}

	/**
	 * Makes a link from an e-mail point at the test server.
	 * @param link an absolute link with the public URL
	 * @return the path and query
	 */
	public static String path(String link) {
		return link.substring(DispatchIntegrationTest.PUBLIC_URL.length());
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	public HttpResponse<String> postForm(String path, List<Map.Entry<String, String>> fields) {
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
			.build());
	}

	public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
		HttpRequest.Builder builder = request(path).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return send(builder.build());
	}

	public HttpResponse<String> postJson(String path, String json) {
		return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Submits the first form of a page matching a selector, as a browser would: its
	 * hidden fields, then the given fields.
	 * @param page the page's HTML
	 * @param selector a CSS selector for the form
	 * @param fields what the person enters (a name may repeat)
	 * @return the answer
	 */
	public HttpResponse<String> submit(String page, String selector, List<Map.Entry<String, String>> fields) {
		Document document = Jsoup.parse(page, this.base);
		Element form = document.selectFirst(selector);
		if (form == null) {
			throw new AssertionError("No form " + selector + " in the page");
		}
		List<Map.Entry<String, String>> all = new ArrayList<>();
		for (Element hidden : form.select("input[type=hidden]")) {
			all.add(Map.entry(hidden.attr("name"), hidden.attr("value")));
		}
		all.addAll(fields);
		return postForm(URI.create(form.absUrl("action")).getRawPath(), all);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.header("X-Forwarded-For", this.clientAddress)
			.header("Accept", "text/html,application/json;q=0.9");
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static String encode(List<Map.Entry<String, String>> fields) {
		return fields.stream()
			.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
