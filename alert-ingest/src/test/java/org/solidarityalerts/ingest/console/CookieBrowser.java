package org.solidarityalerts.ingest.console;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client that keeps its session cookie and does not follow redirects, and asks
 * for HTML, as a browser does. It keeps the cookie itself: the console's is
 * {@code Secure}, which browsers send to {@code http://localhost} and the JDK's cookie
 * manager does not.
 */
final class CookieBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private URI base;

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	/**
	 * A browser of one server.
	 * @param port the server's port on this machine
	 */
	CookieBrowser(int port) {
		this.base = URI.create("http://localhost:" + port);
	}

	/**
	 * Sends what follows to another server, as a proxy in front of several instances of
	 * the service may: the browser keeps its cookies, since it sees one address.
	 * @param port the other server's port on this machine
	 * @return this browser
	 */
	CookieBrowser via(int port) {
		this.base = URI.create("http://localhost:" + port);
		return this;
	}

	/**
	 * A cookie's value.
	 * @param name the cookie's name
	 * @return its value, or {@code null}
	 */
	@Nullable String cookie(String name) {
		return this.cookies.get(name);
	}

	/** Sets a cookie, as one copied into a browser by hand. */
	void cookie(String name, String value) {
		this.cookies.put(name, value);
	}

	/**
	 * The CSRF token of the first form on a page.
	 * @param page the page
	 * @return the token
	 */
	static String csrf(HttpResponse<String> page) {
		Matcher token = CSRF.matcher(page.body());
		assertThat(token.find()).as(page.body()).isTrue();
		return token.group(1);
	}

	/**
	 * Sends a form.
	 * @param path where to
	 * @param fields its fields, each a name and a value, in pairs
	 * @return the answer
	 */
	HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < fields.length; i += 2) {
			body.append((i == 0) ? "" : "&").append(encode(fields[i])).append('=').append(encode(fields[i + 1]));
		}
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build());
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET().build());
	}

	/**
	 * The login form read, then sent with the user's right password.
	 * @param email the user's address
	 * @return the answer to the form
	 */
	HttpResponse<String> logIn(String email) throws IOException, InterruptedException {
		return logIn(email, loginForm());
	}

	/**
	 * Reads the login form, which stores a session holding its CSRF token.
	 * @return the token
	 */
	String loginForm() throws IOException, InterruptedException {
		HttpResponse<String> form = get("/console/login");
		assertThat(form.statusCode()).isEqualTo(200);
		return csrf(form);
	}

	/**
	 * Sends the login form with the user's right password.
	 * @param email the user's address
	 * @param token the form's CSRF token
	 * @return the answer to the form
	 */
	HttpResponse<String> logIn(String email, String token) throws IOException, InterruptedException {
		return post("/console/login", "username", email, "password", ConsoleSignIns.PASSWORD, "_csrf", token);
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		for (String header : response.headers().allValues("Set-Cookie")) {
			HttpCookie.parse(header).forEach((cookie) -> this.cookies.put(cookie.getName(), cookie.getValue()));
		}
		return response;
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path));
		if (!this.cookies.isEmpty()) {
			request.header("Cookie",
					this.cookies.entrySet()
						.stream()
						.map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
						.collect(Collectors.joining("; ")));
		}
		return request.timeout(Duration.ofSeconds(20))
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
	}

	/**
	 * Where an answer redirects to.
	 * @param answer the answer
	 * @return the path of its {@code Location}, or empty if there is none
	 */
	static String redirect(HttpResponse<String> answer) {
		return answer.headers().firstValue("Location").map((location) -> URI.create(location).getPath()).orElse("");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
