package org.solidarityalerts.dashboard.web;

import org.springframework.security.core.Authentication;

/**
 * What a logged-in user may do.
 */
final class Roles {

	private Roles() {
	}

	static boolean operator(Authentication user) {
		return user.getAuthorities()
			.stream()
			.anyMatch((authority) -> authority.getAuthority().equals("ROLE_" + SecurityConfiguration.OPERATOR));
	}

}
