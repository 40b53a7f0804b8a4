package org.solidarityalerts.dispatch.signup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.solidarityalerts.dispatch.subscription.SubscriptionWeb;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.then;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Bad input to sign-up is answered clearly, on a readable page for people and as RFC 9457
 * problem details for the API, and never reaches the sign-ups service. A web slice: the
 * sign-up controllers behind the subscribers' security chains, with no Kafka, MongoDB or
 * SMTP; {@code subscription.BadInputIntegrationTests} proves end to end that nothing of
 * bad input is stored or mailed.
 */
@WebMvcTest(properties = { "spring.config.name=dispatch", "spring.profiles.active=local",
		"alert.dispatch.subscription.max-form-size=8KB" })
class SignUpWebTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	SignUps signUps;

	@MockitoBean
	SignedLinks links;

	static Stream<Arguments> badSignUps() {
		return Stream.of(Arguments.of("an invalid address", "email", "amina(at)example.org", "not a valid e-mail"),
				Arguments.of("an address with a display name", "email", "Amina <amina@example.org>",
						"not a valid e-mail"),
				Arguments.of("an address with a line break", "email", "amina@example.org\r\nBcc: x@example.org",
						"not a valid e-mail"),
				Arguments.of("an overlong address", "email", "a".repeat(250) + "@example.org", "too long"),
				Arguments.of("a line break in the name", "name", "Amina\r\nBcc: victim@example.org",
						"cannot contain line breaks"),
				Arguments.of("a bidi override in the name", "name", "Amina \u202Eevil", "cannot contain line breaks"),
				Arguments.of("an overlong name", "name", "A".repeat(101), "at most 100"),
				Arguments.of("an unknown country", "residenceCountry", "XX", "Unknown country"),
				Arguments.of("an unknown subject country", "countries", "ZZ", "Unknown country"),
				Arguments.of("an unknown language", "languages", "xx-Bogus-Tag", "Unknown language"),
				Arguments.of("an unknown time zone", "timeZone", "Mars/Olympus", "Unknown time zone"),
				Arguments.of("operator syntax as a campaign", "campaigns", "{\"$gt\": \"\"}", "lower-case letters"),
				Arguments.of("operator syntax as a country", "residenceCountry", "{\"$ne\": null}", "Unknown country"),
				Arguments.of("an unknown cadence", "cadence", "hourly", "immediately, daily or weekly"),
				Arguments.of("no consent", "consent", "", "agree to receive"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badSignUps")
	void theSignUpPageShowsWhatIsWrongAndStoresNothing(String what, String name, String value, String message)
			throws Exception {
		String email = "page-" + name + "@example.org";
		Map<String, String> fields = new LinkedHashMap<>(
				Map.of("email", email, "campaigns", "free-dana-serikova", "consent", "true"));
		fields.put(name, value);

		MockHttpServletResponse answer = submitSignUpForm(fields);

		assertThat(answer.getStatus()).isEqualTo(400);
		assertThat(answer.getContentType()).startsWith("text/html");
		assertThat(answer.getContentAsString()).contains("Nothing has been saved").contains(message);
		// Told to screen readers too: the field is marked invalid and described by its
		// problem, and the list above the form links to the field.
		var page = Jsoup.parse(answer.getContentAsString());
		Element field = page.getElementById(name);
		assertThat(field).as(name).isNotNull();
		assertThat(field.attr("aria-invalid")).isEqualTo("true");
		Element problem = page.getElementById(field.attr("aria-describedby"));
		assertThat(problem).as(field.attr("aria-describedby")).isNotNull();
		assertThat(problem.text()).contains(message);
		assertThat(page.select("[aria-invalid]")).as("only the wrong field is marked").hasSize(1);
		assertThat(page.select(".problems[role=alert] a[href=#" + name + "]")).singleElement()
			.satisfies((link) -> assertThat(link.text()).contains(message));
		then(this.signUps).shouldHaveNoInteractions();
	}

	@Test
	void theProblemsAboveTheFormFollowTheFormsOrder() throws Exception {
		MockHttpServletResponse answer = submitSignUpForm(Map.of("email", "amina(at)example.org", "timeZone",
				"Mars/Olympus", "name", "A".repeat(101), "campaigns", "free-dana-serikova", "consent", ""));

		assertThat(Jsoup.parse(answer.getContentAsString()).select(".problems a").eachAttr("href"))
			.containsExactly("#email", "#name", "#timeZone", "#consent");
	}

	@Test
	void aConsentThatIsNeitherYesNorNoIsAskedForAgainOnThePage() throws Exception {
		MockHttpServletResponse answer = submitSignUpForm(
				Map.of("email", "page-consent@example.org", "campaigns", "free-dana-serikova", "consent", "maybe"));

		assertThat(answer.getStatus()).isEqualTo(400);
		assertThat(answer.getContentType()).startsWith("text/html");
		assertThat(answer.getContentAsString()).contains("Nothing has been saved")
			.contains("agree to receive")
			.doesNotContain("maybe");
		then(this.signUps).shouldHaveNoInteractions();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badSignUps")
	void theApiAnswersWithProblemDetailsNamingTheFieldAndStoresNothing(String what, String name, String value,
			String message) throws Exception {
		String email = "api-" + name + "@example.org";
		Map<String, Object> body = new LinkedHashMap<>(
				Map.of("email", email, "campaigns", List.of("free-dana-serikova"), "consent", true));
		body.put(name, switch (name) {
			case "countries", "languages", "campaigns" -> List.of(value);
			case "consent" -> false;
			default -> value;
		});

		MockHttpServletResponse answer = this.mvc
			.perform(json("/api/v1/subscriptions", JsonMapper.builder().build().writeValueAsString(body)))
			.andReturn()
			.getResponse();

		assertThat(answer.getStatus()).isEqualTo(400);
		assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
		assertThat(answer.getContentAsString()).contains("\"field\":\"" + name + "\"").contains(message);
		if (!name.equals("email")) {
			assertThat(answer.getContentAsString()).doesNotContain(email);
		}
		then(this.signUps).shouldHaveNoInteractions();
	}

	@Test
	void mongoOperatorObjectsInsteadOfValuesAreRefused() throws Exception {
		MockHttpServletResponse operatorAsAddress = this.mvc
			.perform(json("/api/v1/subscriptions",
					"{\"email\": {\"$ne\": null}, \"campaigns\": [\"c\"], \"consent\": true}"))
			.andReturn()
			.getResponse();
		MockHttpServletResponse operatorAsCountry = this.mvc
			.perform(json("/api/v1/subscriptions",
					"{\"email\": \"operator@example.org\", "
							+ "\"residenceCountry\": {\"$gt\": \"\"}, \"campaigns\": [\"c\"], \"consent\": true}"))
			.andReturn()
			.getResponse();

		assertThat(operatorAsAddress.getStatus()).isEqualTo(400);
		assertThat(operatorAsAddress.getHeader("Content-Type")).isEqualTo("application/problem+json");
		assertThat(operatorAsCountry.getStatus()).isEqualTo(400);
		then(this.signUps).shouldHaveNoInteractions();
	}

	@Test
	void theApiRefusesAnythingButJson() throws Exception {
		MockHttpServletResponse form = this.mvc
			.perform(post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("email=a%40example.org&campaigns=c&consent=true"))
			.andReturn()
			.getResponse();
		MockHttpServletResponse broken = this.mvc.perform(json("/api/v1/subscriptions", "{\"email\": "))
			.andReturn()
			.getResponse();

		assertThat(form.getStatus()).isEqualTo(415);
		assertThat(form.getHeader("Content-Type")).isEqualTo("application/problem+json");
		assertThat(broken.getStatus()).isEqualTo(400);
		assertThat(broken.getHeader("Content-Type")).isEqualTo("application/problem+json");
		then(this.signUps).shouldHaveNoInteractions();
	}

	static Stream<Arguments> looseJson() {
		String rest = "\"campaigns\": [\"free-dana-serikova\"]";
		return Stream.of(
				Arguments.of("consent as a word", "{\"email\": \"a@example.org\", " + rest + ", \"consent\": \"true\"}",
						"consent", "Must be true or false"),
				Arguments.of("consent as a number", "{\"email\": \"a@example.org\", " + rest + ", \"consent\": 1}",
						"consent", "Must be true or false"),
				Arguments.of("the address as a number", "{\"email\": 5, " + rest + ", \"consent\": true}", "email",
						"Must be a string, not a number"),
				Arguments.of("a campaign instead of a list",
						"{\"email\": \"a@example.org\", " + "\"campaigns\": \"free-dana-serikova\", \"consent\": true}",
						"campaigns", "Must be a list"),
				Arguments.of("the address twice",
						"{\"email\": \"a@example.org\", \"email\": \"b@example.org\", " + rest + ", \"consent\": true}",
						"email", "Is given more than once"),
				Arguments.of("a name with an unpaired surrogate",
						"{\"email\": \"a@example.org\", " + "\"name\": \"Amina \\ud800\", " + rest
								+ ", \"consent\": true}",
						"name", "Is not valid Unicode: it holds an unpaired surrogate (U+D800)"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("looseJson")
	void theApiReadsJsonStrictlyAndSaysWhichFieldIsWrong(String what, String body, String field, String message)
			throws Exception {
		MockHttpServletResponse answer = this.mvc.perform(json("/api/v1/subscriptions", body))
			.andReturn()
			.getResponse();

		assertThat(answer.getStatus()).isEqualTo(400);
		assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
		assertThat(answer.getContentAsString()).contains("\"title\":\"Invalid sign-up\"")
			.contains("\"field\":\"" + field + "\"")
			.contains(message)
			.doesNotContain("example.org");
		then(this.signUps).shouldHaveNoInteractions();
	}

	@Test
	void theApiRefusesABodyThatIsNotUtf8() throws Exception {
		// An overlong encoding of "@": a lenient decoder reads it as a valid address.
		byte[] overlong = "{\"email\": \"a\u0000example.org\", \"campaigns\": [\"c\"], \"consent\": true}"
			.replace("\u0000", "\u0001")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		int at = new String(overlong, java.nio.charset.StandardCharsets.UTF_8).indexOf('\u0001');
		byte[] body = new byte[overlong.length + 1];
		System.arraycopy(overlong, 0, body, 0, at);
		body[at] = (byte) 0xC1;
		body[at + 1] = (byte) 0x80;
		System.arraycopy(overlong, at + 1, body, at + 2, overlong.length - at - 1);

		MockHttpServletResponse answer = this.mvc
			.perform(post("/api/v1/subscriptions").contentType(MediaType.APPLICATION_JSON).content(body))
			.andReturn()
			.getResponse();

		assertThat(answer.getStatus()).isEqualTo(400);
		assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
		assertThat(answer.getContentAsString()).contains("\"field\":\"body\"").contains("Must be valid UTF-8");
		then(this.signUps).shouldHaveNoInteractions();
	}

	@Test
	void anOversizeFormGetsAReadablePageAndAnOversizeApiRequestAProblem() throws Exception {
		MockHttpServletResponse form = submitSignUpForm(Map.of("email", "huge@example.org", "campaigns",
				"free-dana-serikova", "name", "A".repeat(9000), "consent", "true"));
		MockHttpServletResponse api = this.mvc
			.perform(json("/api/v1/subscriptions",
					"{\"email\": \"huge@example.org\", \"name\": \"" + "A".repeat(9000) + "\"}"))
			.andReturn()
			.getResponse();

		assertThat(form.getStatus()).isEqualTo(413);
		assertThat(form.getContentAsString()).contains("larger than this form accepts");
		assertThat(form.getContentType()).startsWith("text/html");
		assertThat(api.getStatus()).isEqualTo(413);
		assertThat(api.getHeader("Content-Type")).startsWith("application/problem+json");
		then(this.signUps).shouldHaveNoInteractions();
	}

	/**
	 * Sends the sign-up form as a browser would: the page's hidden fields (its CSRF
	 * token), in the session the page was shown in, with the given fields.
	 */
	private MockHttpServletResponse submitSignUpForm(Map<String, String> fields) throws Exception {
		MvcResult page = this.mvc.perform(get("/subscribe")).andReturn();
		MockHttpServletRequestBuilder submit = post("/subscribe")
			.session((MockHttpSession) page.getRequest().getSession())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		Element form = Jsoup.parse(page.getResponse().getContentAsString()).selectFirst("form");
		assertThat(form).as("the sign-up form").isNotNull();
		for (Element hidden : form.select("input[type=hidden]")) {
			submit.formField(hidden.attr("name"), hidden.attr("value"));
		}
		fields.forEach(submit::formField);
		return this.mvc.perform(submit).andReturn().getResponse();
	}

	private static MockHttpServletRequestBuilder json(String path, String body) {
		return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ SubscriptionApi.class, SignUpProblems.class, SignUpPages.class, SubscriptionWeb.class })
	static class SignUpWeb {

	}

}
