package org.solidarityalerts.dispatch.signup;

import jakarta.servlet.http.HttpServletRequest;
import org.solidarityalerts.dispatch.subscription.SignUpRequest;
import org.solidarityalerts.dispatch.subscription.Checks;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up for forms on campaigns' own websites. Only JSON is accepted, which a browser
 * cannot send across sites without a CORS preflight that only the configured origins
 * pass; the answer is the same whatever the address's state.
 */
@RestController
class SubscriptionApi {

	private final SignUps subscriptions;

	SubscriptionApi(SignUps subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PostMapping(path = "/api/v1/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Accepted signUp(@RequestBody SignUpRequest body, HttpServletRequest request) {
		this.subscriptions.signUp(Checks.signUp(body), "api", request.getRemoteAddr());
		return Accepted.INSTANCE;
	}

	/**
	 * The answer to every valid sign-up.
	 *
	 * @param status always {@code check-your-inbox}
	 * @param detail what the person should do next
	 */
	record Accepted(String status, String detail) {

		static final Accepted INSTANCE = new Accepted("check-your-inbox",
				"If this address can receive our alerts, we have sent it an e-mail. "
						+ "Nothing is sent until the link in it is followed.");

	}

}
