package org.solidarityalerts.service;

import java.io.IOException;

import com.mongodb.MongoTimeoutException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request whose handler or filter failed because MongoDB cannot be reached is sent to
 * the error page as a 503 with {@code Retry-After}, logged in one line that names the
 * handler but not the path (a subscriber's token may be in it) nor the messages; any
 * other failure is a 500 logged as an error with its classes and frames, without its
 * messages (an address in a duplicate key) or the path.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestErrorsTests {

	private static final String PATH = "/preferences/secret-token-of-a-subscriber";

	private final RequestErrors requests = new RequestErrors();

	@Test
	void mongoDbOutOfReachInAHandlerIsA503WithRetryAfterAndOneLine(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", PATH);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.requests.doFilter(request, response, failing((handled) -> {
			handled.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, handler());
			// As the DispatcherServlet passes a handler's failure on.
			throw new ServletException("Request processing failed",
					new DataAccessResourceFailureException("Timed out while waiting for a server",
							new MongoTimeoutException("Timed out while waiting for a server")));
		}));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.isCommitted()).as("sent to the error page").isTrue();
		assertThat(response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(output.getOut()).contains("A request to Pages.show stopped, MongoDB cannot be reached "
				+ "(jakarta.servlet.ServletException, caused by org.springframework.dao.DataAccessResourceFailureException, "
				+ "caused by com.mongodb.MongoTimeoutException); answered 503")
			.doesNotContain(PATH)
			.doesNotContain("secret-token")
			.doesNotContain("Timed out")
			.doesNotContain("\tat ");
	}

	@Test
	void mongoDbOutOfReachInAFilterIsA503Too(CapturedOutput output) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.requests.doFilter(new MockHttpServletRequest("POST", "/console/login"), response, failing((handled) -> {
			throw new DataAccessResourceFailureException("gone");
		}));

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(output.getOut()).contains("A request to a filter, before its handler stopped");
	}

	@Test
	void aRetryAfterAlreadySetIsKept() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setHeader("Retry-After", "120");

		this.requests.doFilter(new MockHttpServletRequest("POST", "/subscribe"), response, failing((handled) -> {
			throw new DataAccessResourceFailureException("gone");
		}));

		assertThat(response.getHeaders("Retry-After")).containsExactly("120");
	}

	@Test
	void anyOtherFailureIsA500AndAnErrorWithoutItsMessage(CapturedOutput output) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", PATH);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.requests.doFilter(request, response, failing((handled) -> {
			handled.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, handler());
			throw new ServletException("Request processing failed",
					new DuplicateKeyException("E11000 duplicate key error dup key: { email: \"amina@example.org\" }"));
		}));

		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.isCommitted()).as("sent to the error page").isTrue();
		assertThat(response.getHeader("Retry-After")).isNull();
		assertThat(output.getOut()).contains("ERROR")
			.contains("A request to Pages.show failed; answered 500: org.springframework.dao.DuplicateKeyException")
			.contains("\tat " + RequestErrorsTests.class.getName())
			.doesNotContain("amina@example.org")
			.doesNotContain("E11000")
			.doesNotContain("secret-token")
			.doesNotContain("MongoDB cannot be reached");
	}

	@Test
	void aClientThatWentAwayIsNotAFailureOfTheService(CapturedOutput output) {
		IOException aborted = new IOException("Broken pipe");

		assertThatThrownBy(() -> this.requests.doFilter(new MockHttpServletRequest("GET", PATH),
				new MockHttpServletResponse(), failing((handled) -> {
					throw aborted;
				})))
			.isSameAs(aborted);
		assertThat(output.getOut()).doesNotContain("A request to");
	}

	@Test
	void anAnswerAlreadyUnderWayGoesOnAsBefore() {
		MockHttpServletResponse response = new MockHttpServletResponse();
		DataAccessResourceFailureException gone = new DataAccessResourceFailureException("gone");

		assertThatThrownBy(
				() -> this.requests.doFilter(new MockHttpServletRequest("GET", PATH), response, failing((handled) -> {
					response.getWriter().write("<html>");
					response.flushBuffer();
					throw gone;
				})))
			.isSameAs(gone);
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private static HandlerMethod handler() {
		try {
			return new HandlerMethod(new Pages(), Pages.class.getDeclaredMethod("show"));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static FilterChain failing(Handling handling) {
		return (request, response) -> handling.handle((HttpServletRequest) request);
	}

	interface Handling {

		void handle(HttpServletRequest request) throws ServletException, IOException;

	}

	static class Pages {

		String show() {
			return "page";
		}

	}

}
