package org.solidarityalerts.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

/**
 * A person or office that supporters write to, phone or fax: a judge, a minister, a
 * prison governor. Texts that readers see in their own language are
 * {@link LocalizedText}s; names, addresses and numbers are written once.
 *
 * @param name the person's name, if known
 * @param title the office, e.g. "Chief Justice"
 * @param organisation the institution, e.g. "Supreme Court"
 * @param postalAddress the full postal address, one line per element
 * @param emails e-mail addresses for the target (schema version 1: one {@code email})
 * @param phones phone numbers in international form (schema version 1: one {@code phone})
 * @param faxes fax numbers in international form
 * @param salutation how to open a letter, e.g. "Dear Chief Justice"
 * @param preferredLanguages the languages letters are best written in, best first (BCP
 * 47; schema version 1: one {@code preferredLanguage})
 * @param via the person or organisation to write through, when the target cannot be
 * reached directly (e.g. messages to hunger strikers through their campaign's president);
 * has no {@code via} of its own
 * @param note anything else readers should know, e.g. "letters in Russian are read first"
 */
public record Target(@Nullable String name, @Nullable LocalizedText title, @Nullable LocalizedText organisation,
		List<String> postalAddress,
		@JsonAlias("email") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> emails,
		@JsonAlias("phone") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> phones,
		List<String> faxes, @Nullable LocalizedText salutation,
		@JsonAlias("preferredLanguage") @JsonFormat(
				with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> preferredLanguages,
		@Nullable Target via, @Nullable LocalizedText note) {

	public Target {
		postalAddress = (postalAddress != null) ? List.copyOf(postalAddress) : List.of();
		emails = (emails != null) ? List.copyOf(emails) : List.of();
		phones = (phones != null) ? List.copyOf(phones) : List.of();
		faxes = (faxes != null) ? List.copyOf(faxes) : List.of();
		preferredLanguages = (preferredLanguages != null) ? List.copyOf(preferredLanguages) : List.of();
	}

	/**
	 * A target as schema version 1 described it, with untagged texts; its copies are now
	 * the action's.
	 * @param name the person's name
	 * @param title the office
	 * @param organisation the institution
	 * @param postalAddress the postal address
	 * @param email an e-mail address
	 * @param phone a phone number
	 * @param salutation how to open a letter
	 * @param preferredLanguage the language letters are best written in
	 */
	public Target(@Nullable String name, @Nullable String title, @Nullable String organisation,
			List<String> postalAddress, @Nullable String email, @Nullable String phone, @Nullable String salutation,
			@Nullable String preferredLanguage) {
		this(name, LocalizedText.ofNullable(title), LocalizedText.ofNullable(organisation), postalAddress,
				listOf(email), listOf(phone), List.of(), LocalizedText.ofNullable(salutation),
				listOf(preferredLanguage), null, null);
	}

	private static List<String> listOf(@Nullable String value) {
		return (value != null) ? List.of(value) : List.of();
	}

}
