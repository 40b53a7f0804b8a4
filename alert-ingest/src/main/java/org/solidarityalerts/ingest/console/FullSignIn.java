package org.solidarityalerts.ingest.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Turns a password-only login into a full one once the second step is done (a right code,
 * or a second factor set up again after an operator reset it): a new session id, the
 * console's authorities, the sign-in noted on the user and in the audit log.
 */
@Component
class FullSignIn {

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

	private final ConsoleUsers users;

	private final ConsoleAudit audit;

	FullSignIn(ConsoleUsers users, ConsoleAudit audit) {
		this.users = users;
		this.audit = audit;
	}

	void complete(ConsolePrincipal user, String note, HttpServletRequest request, HttpServletResponse response) {
		request.changeSessionId();
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(
				UsernamePasswordAuthenticationToken.authenticated(user, null, ConsolePrincipal.fullAuthorities()));
		this.contexts.setContext(context);
		this.repository.saveContext(context, request, response);
		this.users.signedIn(user.id());
		this.audit.record(user, "login", null, note);
	}

}
