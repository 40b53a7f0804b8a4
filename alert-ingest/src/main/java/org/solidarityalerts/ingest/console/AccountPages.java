package org.solidarityalerts.ingest.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The user's own account (turning on the second factor) and the organisation's activity.
 * A new secret waits in the session until a code from it is confirmed, so a half-done
 * set-up never locks anyone out. A user whose second factor an operator reset reaches
 * only this page after their password; confirming a new one completes their sign-in.
 */
@Hidden
@Controller
class AccountPages {

	private static final String PENDING_SECRET = AccountPages.class.getName() + ".secret";

	private final ConsoleUsers users;

	private final SecondFactor secondFactor;

	private final ConsoleAudit audit;

	private final FullSignIn signIn;

	AccountPages(ConsoleUsers users, SecondFactor secondFactor, ConsoleAudit audit, FullSignIn signIn) {
		this.users = users;
		this.secondFactor = secondFactor;
		this.audit = audit;
		this.signIn = signIn;
	}

	@GetMapping("/console/account")
	String account(@AuthenticationPrincipal ConsolePrincipal user, Model model, Authentication authentication) {
		model.addAttribute("enabled", this.users.byId(user.id()).map(ConsoleUser::secondFactor).orElse(false));
		model.addAttribute("enrolmentRequired", enrolling(authentication));
		return "console/account";
	}

	@PostMapping("/console/account/second-factor/start")
	String start(@AuthenticationPrincipal ConsolePrincipal user, HttpSession session, Model model,
			Authentication authentication) {
		String secret = this.secondFactor.newSecret();
		session.setAttribute(PENDING_SECRET, secret);
		model.addAttribute("enrolmentRequired", enrolling(authentication));
		return setUp(user, secret, model);
	}

	@PostMapping("/console/account/second-factor/confirm")
	String confirm(@AuthenticationPrincipal ConsolePrincipal user,
			@RequestParam(required = false) @Nullable String code, HttpSession session, Model model,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		String secret = (String) session.getAttribute(PENDING_SECRET);
		if (secret == null) {
			return "redirect:/console/account";
		}
		if (!this.secondFactor.matches(secret, code)) {
			model.addAttribute("problem", "That code is not right. Type the six digits your app shows now.");
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			model.addAttribute("enrolmentRequired", enrolling(authentication));
			return setUp(user, secret, model);
		}
		this.users.enableSecondFactor(user.id(), secret);
		session.removeAttribute(PENDING_SECRET);
		this.audit.record(user, "second-factor.enabled", null, null);
		if (enrolling(authentication)) {
			this.signIn.complete(user, "with a new second factor", request, response);
			return "redirect:/console/alerts";
		}
		return "redirect:/console/account?enabled";
	}

	@GetMapping("/console/activity")
	String activity(@AuthenticationPrincipal ConsolePrincipal user, Model model) {
		model.addAttribute("entries", this.audit.latest(user.organisation(), 200));
		return "console/activity";
	}

	private static boolean enrolling(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ConsolePrincipal.ENROLMENT_REQUIRED.equals(authority.getAuthority()));
	}

	private String setUp(ConsolePrincipal user, String secret, Model model) {
		model.addAttribute("enabled", false);
		model.addAttribute("secret", secret);
		String uri = this.secondFactor.uri(secret, user.getUsername());
		model.addAttribute("uri", uri);
		model.addAttribute("qr", QrCodeSvg.of(uri, "QR code of the address above, for your authenticator app"));
		return "console/account";
	}

}
