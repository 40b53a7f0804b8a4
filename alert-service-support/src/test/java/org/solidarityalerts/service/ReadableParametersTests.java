package org.solidarityalerts.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Tomcat, which decides what it cannot read: parameters that Tomcat cannot
 * decode are refused by the service's answer before any servlet reads them, and readable
 * ones (non-ASCII included) pass untouched.
 */
class ReadableParametersTests {

	private static WebServer server;

	@BeforeAll
	static void startTomcat() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		// As Spring's CharacterEncodingFilter, ahead of the filter in every service.
		factory.addContextCustomizers((context) -> context.setRequestCharacterEncoding("UTF-8"));
		server = factory.getWebServer((context) -> {
			context
				.addFilter("readable",
						new ReadableParameters((request, response) -> response.getWriter().write("refused")))
				.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
			context
				.addFilter("plain",
						ReadableParameters.plainNamesOnly((request, response) -> response.getWriter().write("indexed")))
				.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/plain/*");
			context.addServlet("echo", new Echo()).addMapping("/*");
		});
		server.start();
	}

	@AfterAll
	static void stopTomcat() {
		server.stop();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "q=%FF", "q=%C0%AF", "q=%ED%A0%80", "q=caf%C3", "q=%zz", "ok=1&q=%E9t%E9" })
	void aQueryTomcatCannotDecodeIsRefusedBeforeTheServletReadsIt(String query) throws IOException {
		String answer = exchange("GET /?" + query + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(answer).startsWith("HTTP/1.1 400").endsWith("refused").doesNotContain("read:");
	}

	@Test
	void aFormTomcatCannotDecodeIsRefused() throws IOException {
		String form = "name=%FF%FEbad&consent=true";
		String answer = exchange("POST /subscribe HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n"
				+ form);

		assertThat(answer).startsWith("HTTP/1.1 400").endsWith("refused");
	}

	@Test
	void readableParametersReachTheServletUnchanged() throws IOException {
		String form = "q=%D0%90%D0%BC%D0%B8%D0%BD%D0%B0+%F0%9F%8C%8D";
		String answer = exchange("POST /?lang=ar HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/x-www-form-urlencoded;charset=UTF-8\r\nContent-Length: " + form.length()
				+ "\r\n\r\n" + form);

		assertThat(answer).startsWith("HTTP/1.1 200").endsWith("read: ar Амина 🌍");
	}

	@Test
	void whereFormsNamePlainFieldsAnIndexedNameIsRefusedAndRepeatedNamesPass() throws IOException {
		String indexed = "q=x&languages%5B5000%5D=en";
		String repeated = "q=x&languages=en&languages=es";

		String refused = exchange(post("/plain/subscribe", indexed));
		String passed = exchange(post("/plain/subscribe", repeated));
		String elsewhere = exchange(post("/subscribe", indexed));

		assertThat(refused).startsWith("HTTP/1.1 400").endsWith("indexed");
		assertThat(passed).startsWith("HTTP/1.1 200").endsWith("read: null x");
		assertThat(elsewhere).startsWith("HTTP/1.1 200").endsWith("read: null x");
	}

	private static String post(String path, String form) {
		return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n"
				+ form;
	}

	@Test
	void aMultipartBodyIsLeftToTheMultipartReader() throws IOException {
		String body = "--b\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n\u00ff\r\n--b--\r\n";
		String answer = exchange("POST /?lang=en HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body);

		assertThat(answer).startsWith("HTTP/1.1 200").contains("read: en");
	}

	private static String exchange(String request) throws IOException {
		try (Socket socket = new Socket("localhost", server.getPort())) {
			OutputStream out = socket.getOutputStream();
			out.write(request
				.getBytes(request.contains("\u00ff") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static final class Echo extends HttpServlet {

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			String q = request.getParameter("q");
			boolean multipart = String.valueOf(request.getContentType()).startsWith("multipart");
			response.getWriter()
				.write("read: " + request.getParameter("lang") + ((q != null && !multipart) ? " " + q : ""));
		}

	}

}
