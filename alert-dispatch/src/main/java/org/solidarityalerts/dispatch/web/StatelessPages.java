package org.solidarityalerts.dispatch.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The pages that say the same to everyone, at an address of their own, so that the
 * language switcher of a page shown in answer to a form (no more e-mail to wait for,
 * unsubscribed, erased, a link that did not work, an action counted) can show it again in
 * another language without sending the form again; and the page for an address under the
 * subscribers' paths that leads nowhere, in the site's layout and the reader's language
 * rather than the problem details the APIs answer with.
 */
@Controller
class StatelessPages {

	private static final Set<String> PAGES = Set.of("check-inbox", "erased", "unsubscribed", "invalid-link",
			"acted-done");

	@GetMapping("/subscribe/page/{name}")
	String page(@PathVariable String name, Model model, HttpServletResponse response) {
		if (!PAGES.contains(name)) {
			return nowhere(model, response);
		}
		return "subscription/" + name;
	}

	/**
	 * Any other address under the subscribers' paths, or a method they do not take: the
	 * more specific mappings of the pages win over these patterns.
	 */
	@RequestMapping({ "/subscribe/**", "/confirm/**", "/preferences/**", "/unsubscribe/**", "/acted/**" })
	String nowhere(Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		model.addAttribute("status", HttpStatus.NOT_FOUND.value());
		return "subscription/error";
	}

}
