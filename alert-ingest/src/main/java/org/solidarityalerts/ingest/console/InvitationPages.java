package org.solidarityalerts.ingest.console;

import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page an invitation link opens: the invitee chooses a password, once. A used,
 * expired or unknown link gets a page that says so (410 Gone), and what to do.
 */
@Hidden
@Controller
class InvitationPages {

	private final ConsoleUsers users;

	private final ConsoleAudit audit;

	InvitationPages(ConsoleUsers users, ConsoleAudit audit) {
		this.users = users;
		this.audit = audit;
	}

	@GetMapping("/console/invitations/{token}")
	String invitation(@PathVariable String token, Model model, HttpServletResponse response) {
		Optional<Invitation> invitation = this.users.invitation(token).filter(this.users::usable);
		if (invitation.isEmpty()) {
			return refused(response);
		}
		model.addAttribute("email", invitation.get().email());
		model.addAttribute("organisation", invitation.get().organisation());
		model.addAttribute("action", "/console/invitations/" + token);
		return "console/invitation";
	}

	@PostMapping("/console/invitations/{token}")
	String accept(@PathVariable String token, @RequestParam(required = false) @Nullable String password,
			@RequestParam(required = false) @Nullable String confirmation, Model model, HttpServletResponse response) {
		Optional<Invitation> invitation = this.users.invitation(token).filter(this.users::usable);
		if (invitation.isEmpty()) {
			return refused(response);
		}
		String problem = this.users.passwordProblem(password, confirmation);
		if (problem != null) {
			model.addAttribute("email", invitation.get().email());
			model.addAttribute("organisation", invitation.get().organisation());
			model.addAttribute("problem", problem);
			model.addAttribute("action", "/console/invitations/" + token);
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			return "console/invitation";
		}
		Optional<ConsoleUser> user = this.users.accept(token, password);
		if (user.isEmpty()) {
			return refused(response);
		}
		this.audit.record(user.get().organisation(), user.get().email(), "user.joined", null, null);
		return "redirect:/console/login?welcome";
	}

	private static String refused(HttpServletResponse response) {
		response.setStatus(HttpStatus.GONE.value());
		return "console/invitation-refused";
	}

}
