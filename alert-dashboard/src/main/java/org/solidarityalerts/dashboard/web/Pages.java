package org.solidarityalerts.dashboard.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The dashboard's pages. Each renders its view's model once; the page then follows it
 * live over server-sent events.
 */
@Controller
class Pages {

	private final Views views;

	Pages(Views views) {
		this.views = views;
	}

	@GetMapping("/login")
	String login() {
		return "dashboard/login";
	}

	@GetMapping("/")
	String board(@ModelAttribute BoardFilter filter, Model model, Authentication user) {
		return page("board", filter.params(), model, user);
	}

	@GetMapping("/alerts/{id}")
	String alert(@PathVariable String id, @RequestParam(required = false) @Nullable String status, Model model,
			Authentication user) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("id", id);
		if (status != null && !status.isBlank()) {
			params.put("status", status);
		}
		return page("alert", params, model, user);
	}

	@GetMapping("/topics")
	String topics(Model model, Authentication user) {
		return page("topics", Map.of(), model, user);
	}

	@GetMapping("/dead-letters")
	String deadLetters(Model model, Authentication user) {
		return page("dead-letters", Map.of(), model, user);
	}

	@GetMapping("/status")
	String status(Model model, Authentication user) {
		return page("status", Map.of(), model, user);
	}

	@GetMapping("/audit")
	String audit(Model model, Authentication user) {
		return page("audit", Map.of(), model, user);
	}

	@GetMapping("/throughput")
	@ResponseBody
	Map<String, Object> throughput() {
		return this.views.throughput();
	}

	private String page(String name, Map<String, String> params, Model model, Authentication user) {
		Views.View view = this.views.view(name, params, Roles.operator(user));
		if (view == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAllAttributes(view.model());
		model.addAttribute("user", user.getName());
		model.addAttribute("liveUrl", LiveUpdates.url(name, params));
		return view.template();
	}

}
