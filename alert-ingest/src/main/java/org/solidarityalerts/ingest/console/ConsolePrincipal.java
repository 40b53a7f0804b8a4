package org.solidarityalerts.ingest.console;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.solidarityalerts.ingest.organiser.Role;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A console user as Spring Security knows them. A user with a second factor holds only
 * {@link #PASSWORD_ONLY} after the password, which opens nothing but the code page; a
 * user whose second factor an operator reset holds only {@link #ENROLMENT_REQUIRED},
 * which opens nothing but the account page, until they set up a new one.
 */
final class ConsolePrincipal implements UserDetails, CredentialsContainer {

	static final String ROLE = "CONSOLE";

	static final String PASSWORD_ONLY = "FACTOR_PASSWORD_ONLY";

	static final String ENROLMENT_REQUIRED = "FACTOR_ENROLMENT_REQUIRED";

	private final String id;

	private final String organisation;

	private final String email;

	private @Nullable String passwordHash;

	private final boolean secondFactor;

	private final boolean enrolmentRequired;

	private final boolean disabled;

	ConsolePrincipal(ConsoleUser user) {
		this.id = user.id();
		this.organisation = user.organisation();
		this.email = user.email();
		this.passwordHash = user.passwordHash();
		this.secondFactor = user.secondFactor();
		this.enrolmentRequired = user.mustEnrol();
		this.disabled = user.isDisabled();
	}

	String id() {
		return this.id;
	}

	String organisation() {
		return this.organisation;
	}

	boolean secondFactor() {
		return this.secondFactor;
	}

	boolean enrolmentRequired() {
		return this.enrolmentRequired;
	}

	/**
	 * The caller the alert service sees: the user's organisation, with the organiser role
	 * whatever else they are, so the console never reaches another organisation.
	 */
	Organiser organiser() {
		return new Organiser(this.organisation, "console:" + this.id, Role.ORGANISER);
	}

	static List<GrantedAuthority> fullAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + ROLE));
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		if (this.secondFactor) {
			return List.of(new SimpleGrantedAuthority(PASSWORD_ONLY));
		}
		return this.enrolmentRequired ? List.of(new SimpleGrantedAuthority(ENROLMENT_REQUIRED)) : fullAuthorities();
	}

	@Override
	public boolean isEnabled() {
		return !this.disabled;
	}

	@Override
	public @Nullable String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.email;
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

}
