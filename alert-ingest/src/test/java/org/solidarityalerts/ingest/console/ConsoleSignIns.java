package org.solidarityalerts.ingest.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Console users for MockMvc tests, the way a person gets one: invited by an operator, a
 * password set from the invitation, signed in. The operator's calls use a key issued for
 * this fixture: the bootstrap key is shared by every test class in the cached context,
 * and its rate limit would run out.
 */
final class ConsoleSignIns {

	static final String PASSWORD = "correct horse battery staple";

	private static final Pattern INVITATION = Pattern.compile("/console/invitations/([A-Za-z0-9_-]{43})");

	private final MockMvc mvc;

	private final String operatorKey;

	ConsoleSignIns(MockMvc mvc, ApiKeys keys) {
		this.mvc = mvc;
		this.operatorKey = keys.issue("operators", Role.OPERATOR, "console tests").key();
	}

	/**
	 * The operator key the invitations are made with.
	 * @return the key
	 */
	String operatorKey() {
		return this.operatorKey;
	}

	/**
	 * Invites a user to an organisation's console.
	 * @param organisation the organisation
	 * @param email the user's address
	 * @return the invitation's token
	 */
	String invite(String organisation, String email) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/api/v1/admin/console-invitations").header("Authorization", "Bearer " + this.operatorKey)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"organisation\": \"" + organisation + "\", \"email\": \"" + email + "\"}"))
			.andReturn();
		assertThat(result.getResponse().getStatus()).isEqualTo(201);
		Matcher link = INVITATION.matcher(result.getResponse().getContentAsString());
		assertThat(link.find()).isTrue();
		return link.group(1);
	}

	/**
	 * Sets the password {@link #PASSWORD} from an invitation.
	 * @param token the invitation's token
	 */
	void setPassword(String token) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/console/invitations/" + token).param("password", PASSWORD)
				.param("confirmation", PASSWORD)
				.with(csrf()))
			.andReturn();
		assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/console/login?welcome");
	}

	/**
	 * Signs a user without a second factor in.
	 * @param email the user's address
	 * @return their session
	 */
	MockHttpSession logIn(String email) throws Exception {
		MockHttpSession session = new MockHttpSession();
		assertThat(password(email, session).getResponse().getRedirectedUrl()).isEqualTo("/console/alerts");
		return session;
	}

	/**
	 * The password step of a sign-in, whatever it leads to.
	 * @param email the user's address
	 * @param session the session it is made in
	 * @return the answer
	 */
	MvcResult password(String email, MockHttpSession session) throws Exception {
		return this.mvc
			.perform(post("/console/login").param("username", email)
				.param("password", PASSWORD)
				.session(session)
				.with(csrf()))
			.andReturn();
	}

	/**
	 * A console page, which must answer 200.
	 * @param session the user's session
	 * @param path the page
	 * @return its HTML
	 */
	String page(MockHttpSession session, String path) throws Exception {
		MvcResult result = this.mvc.perform(get(path).session(session)).andReturn();
		assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
		return result.getResponse().getContentAsString();
	}

}
