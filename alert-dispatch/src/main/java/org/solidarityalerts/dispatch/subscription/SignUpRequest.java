package org.solidarityalerts.dispatch.subscription;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A sign-up as a form or the API sends it, before it is checked. Every field is text, so
 * that any input can be bound and then answered field by field.
 *
 * @param email the address
 * @param name how to greet them, optional
 * @param residenceCountry where they live (ISO 3166-1 alpha-2), optional
 * @param languages content languages, best first (BCP 47)
 * @param campaigns campaign ids to follow
 * @param countries subject countries to follow (ISO 3166-1 alpha-2)
 * @param kinds alert kinds wanted ({@code urgent-action}, {@code appeal}, {@code news},
 * {@code event}); none means all
 * @param cadence {@code immediate}, {@code daily} or {@code weekly}
 * @param timeZone an IANA time zone, optional
 * @param consent whether they agreed to the consent wording
 */
public record SignUpRequest(@Nullable String email, @Nullable String name, @Nullable String residenceCountry,
		@Nullable List<String> languages, @Nullable List<String> campaigns, @Nullable List<String> countries,
		@Nullable List<String> kinds, @Nullable String cadence, @Nullable String timeZone, @Nullable Boolean consent) {

	/**
	 * An empty form.
	 * @param campaign a campaign to preselect, if any
	 * @param language the language of the page, preselected: e-mails come in it
	 * @return the request
	 */
	public static SignUpRequest blank(@Nullable String campaign, String language) {
		return new SignUpRequest(null, null, null, List.of(language),
				(campaign != null) ? List.of(campaign) : List.of(), List.of(), List.of(), "immediate", null, null);
	}

	/**
	 * The same request with the page's language first among the chosen ones, if chosen
	 * and if they came in the list's own order (by code, as a browser sends a multiple
	 * choice), which says nothing of which they prefer; e-mails come in the first.
	 * @param language the language of the page
	 * @return the request
	 */
	public SignUpRequest languageFirst(String language) {
		if (this.languages == null || !this.languages.contains(language)
				|| !this.languages.stream().sorted().toList().equals(this.languages)) {
			return this;
		}
		List<String> languages = new java.util.ArrayList<>(this.languages);
		languages.remove(language);
		languages.addFirst(language);
		return new SignUpRequest(this.email, this.name, this.residenceCountry, languages, this.campaigns,
				this.countries, this.kinds, this.cadence, this.timeZone, this.consent);
	}

}
