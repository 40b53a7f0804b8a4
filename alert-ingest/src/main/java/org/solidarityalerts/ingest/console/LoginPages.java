package org.solidarityalerts.ingest.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login page, and the second step for users with a second factor: their code, checked
 * against their secret, turns the password-only login into a full one, in a new session
 * id. Wrong codes count towards the same throttle as wrong passwords.
 */
@Hidden
@Controller
class LoginPages {

	private final ConsoleUsers users;

	private final SecondFactor secondFactor;

	private final LoginThrottle throttle;

	private final ConsoleAudit audit;

	private final FullSignIn signIn;

	LoginPages(ConsoleUsers users, SecondFactor secondFactor, LoginThrottle throttle, ConsoleAudit audit,
			FullSignIn signIn) {
		this.users = users;
		this.secondFactor = secondFactor;
		this.throttle = throttle;
		this.audit = audit;
		this.signIn = signIn;
	}

	@GetMapping(ConsoleSecurityConfiguration.LOGIN)
	String login() {
		return "console/login";
	}

	@GetMapping(ConsoleSecurityConfiguration.CODE)
	String code() {
		return "console/code";
	}

	@PostMapping(ConsoleSecurityConfiguration.CODE)
	String checkCode(@AuthenticationPrincipal ConsolePrincipal user,
			@RequestParam(required = false) @Nullable String code, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		String key = LoginThrottle.code(user.id());
		if (this.throttle.blocked(key, LoginThrottle.client(request.getRemoteAddr()))) {
			model.addAttribute("problem", "Too many wrong codes. Wait a quarter of an hour, then try again.");
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			return "console/code";
		}
		String secret = this.users.byId(user.id()).map(ConsoleUser::totpSecret).orElse(null);
		if (!this.secondFactor.matches(secret, code)) {
			this.throttle.failed(key, LoginThrottle.client(request.getRemoteAddr()));
			this.audit.record(user, "login.refused", null, "wrong second-factor code");
			model.addAttribute("problem", "That code is not right. Type the six digits your app shows now.");
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return "console/code";
		}
		this.signIn.complete(user, "with second factor", request, response);
		return "redirect:/console/alerts";
	}

}
