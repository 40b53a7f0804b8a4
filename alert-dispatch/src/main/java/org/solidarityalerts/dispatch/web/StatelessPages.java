package org.solidarityalerts.dispatch.web;

import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The pages that say the same to everyone, at an address of their own, so that the
 * language switcher of a page shown in answer to a form (no more e-mail to wait for,
 * unsubscribed, erased, a link that did not work) can show it again in another language
 * without sending the form again.
 */
@Controller
class StatelessPages {

	private static final Set<String> PAGES = Set.of("check-inbox", "erased", "unsubscribed", "invalid-link");

	@GetMapping("/subscribe/page/{name}")
	String page(@PathVariable String name) {
		if (!PAGES.contains(name)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return "subscription/" + name;
	}

}
