package org.solidarityalerts.contract;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A person or office that supporters write to or phone: a judge, a minister, a prison
 * governor.
 *
 * @param name the person's name, if known
 * @param title the office, e.g. "Chief Justice"
 * @param organisation the institution, e.g. "Supreme Court"
 * @param postalAddress the full postal address, one line per element
 * @param email an e-mail address for the target
 * @param phone a phone number in international form
 * @param salutation how to open a letter, e.g. "Dear Chief Justice"
 * @param preferredLanguage the language letters are best written in (BCP 47)
 * @param copiesTo addresses that should receive a copy, such as the campaign's own
 */
public record Target(@Nullable String name, @Nullable String title, @Nullable String organisation,
		List<String> postalAddress, @Nullable String email, @Nullable String phone, @Nullable String salutation,
		@Nullable String preferredLanguage, List<String> copiesTo) {

	public Target {
		postalAddress = (postalAddress != null) ? List.copyOf(postalAddress) : List.of();
		copiesTo = (copiesTo != null) ? List.copyOf(copiesTo) : List.of();
	}

}
