package org.solidarityalerts.dispatch.subscription;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The page for a form sent without a valid CSRF token (the page was left open for hours,
 * cookies were cleared), in the site's own layout, leading back to the form.
 */
@Controller
class FormExpiredPage {

	/**
	 * Where a form sent without a valid CSRF token is forwarded (by the security chain's
	 * access-denied handler), for any method.
	 */
	static final String FORM_EXPIRED = "/subscribe/form-expired";

	@RequestMapping(FORM_EXPIRED)
	String formExpired(HttpServletRequest request, Model model) {
		// Forwarded with 403 by the access-denied handler; visited directly, it is 200.
		Object sentTo = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
		model.addAttribute("back", backTo((sentTo instanceof String path) ? path : ""));
		return "subscription/form-expired";
	}

	/**
	 * The page a form was on: the sign-up page, or the confirmation or preferences page
	 * of the same link.
	 */
	private static String backTo(String path) {
		String[] segments = path.split("/");
		if (segments.length >= 3 && (segments[1].equals("preferences") || segments[1].equals("confirm"))
				&& segments[2].matches("[A-Za-z0-9._~-]+")) {
			return "/" + segments[1] + "/" + segments[2];
		}
		return "/subscribe";
	}

}
