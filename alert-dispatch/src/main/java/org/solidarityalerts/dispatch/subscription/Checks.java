package org.solidarityalerts.dispatch.subscription;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.mail.Mailboxes;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.dispatch.subscriber.Cadence;
import org.solidarityalerts.dispatch.subscriber.Preferences;

/**
 * Checks what people type: addresses, names, countries, languages, campaigns, kinds,
 * cadence and time zone. Values are only ever compared with known lists or patterns, so
 * nothing typed reaches a query as anything but a plain string.
 */
public final class Checks {

	/** The longest address SMTP can carry (RFC 5321). */
	static final int MAX_EMAIL = 254;

	static final int MAX_NAME = 100;

	static final int MAX_ITEMS = 50;

	static final int MAX_LANGUAGES = 5;

	private static final Pattern CAMPAIGN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/**
	 * Control characters, line and paragraph separators, and the bidi embeddings and
	 * overrides (U+202A to U+202E), which could make the text after a name in a greeting
	 * or a header read backwards (as alerts' one-line texts refuse them); bidi isolates
	 * (U+2066 to U+2069) are allowed.
	 */
	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}|[\\u2028\\u2029\\u202A-\\u202E]");

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

	private Checks() {
	}

	/**
	 * Checks a sign-up.
	 * @param request what was sent
	 * @return the sign-up
	 * @throws InvalidInputException naming each field at fault
	 */
	public static SignUp signUp(SignUpRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		String email = email(request.email(), problems);
		Profile profile = profile(request, problems);
		if (!Boolean.TRUE.equals(request.consent())) {
			problems.add(new FieldProblem("consent", "Please agree to receive alerts by e-mail."));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return new SignUp(email, profile);
	}

	/**
	 * Checks everything but the address and the consent, as the preferences page sends
	 * it.
	 * @param request what was sent
	 * @return the profile
	 * @throws InvalidInputException naming each field at fault
	 */
	public static Profile profile(SignUpRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		Profile profile = profile(request, problems);
		if (!problems.isEmpty()) {
			throw new InvalidInputException(problems);
		}
		return profile;
	}

	private static Profile profile(SignUpRequest request, List<FieldProblem> problems) {
		String name = name(request.name(), problems);
		String residence = country(request.residenceCountry(), "residenceCountry", problems);
		List<String> languages = languages(request.languages(), problems);
		List<String> campaigns = campaigns(request.campaigns(), problems);
		List<String> countries = new ArrayList<>();
		for (String country : items(request.countries(), "countries", problems)) {
			String checked = country(country, "countries", problems);
			if (checked != null && !countries.contains(checked)) {
				countries.add(checked);
			}
		}
		if (campaigns.isEmpty() && countries.isEmpty() && problems.stream()
			.noneMatch((problem) -> problem.field().equals("campaigns") || problem.field().equals("countries"))) {
			problems.add(new FieldProblem("campaigns", "Choose at least one campaign or country to follow."));
		}
		List<AlertKind> kinds = kinds(request.kinds(), problems);
		Cadence cadence = cadence(request.cadence(), problems);
		String timeZone = timeZone(request.timeZone(), problems);
		return new Profile(name, residence, languages, timeZone, new Preferences(campaigns, countries, kinds, cadence));
	}

	/**
	 * Checks an address: one plain mailbox, as SMTP can carry it.
	 * @param value what was typed
	 * @param problems where to add what is wrong
	 * @return the trimmed address, or null if it is not valid
	 */
	static @Nullable String email(@Nullable String value, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			problems.add(new FieldProblem("email", "Please give your e-mail address."));
			return null;
		}
		String email = value.strip();
		if (email.length() > MAX_EMAIL) {
			problems.add(new FieldProblem("email", "This e-mail address is too long."));
			return null;
		}
		if (!isMailbox(email)) {
			problems.add(new FieldProblem("email", "This is not a valid e-mail address."));
			return null;
		}
		return email;
	}

	private static boolean isMailbox(String email) {
		int at = email.lastIndexOf('@');
		if (at < 1 || at > 64 || CONTROL.matcher(email).find() || email.chars().anyMatch(Character::isWhitespace)
				|| email.contains("\"") || email.contains("\\") || email.contains("<") || email.contains(",")) {
			return false;
		}
		String domain = email.substring(at + 1);
		if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".") || domain.startsWith("[")) {
			return false;
		}
		try {
			// An internationalised domain must have an A-label to be sent to.
			Mailboxes.ascii(email);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		try {
			InternetAddress address = new InternetAddress(email, true);
			address.validate();
			return email.equals(address.getAddress());
		}
		catch (AddressException ex) {
			return false;
		}
	}

	private static @Nullable String name(@Nullable String value, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String name = value.strip();
		if (CONTROL.matcher(name).find()) {
			problems.add(new FieldProblem("name", "A name cannot contain line breaks or control characters."));
			return null;
		}
		if (name.codePointCount(0, name.length()) > MAX_NAME) {
			problems.add(new FieldProblem("name", "A name can have at most " + MAX_NAME + " characters."));
			return null;
		}
		return name;
	}

	private static @Nullable String country(@Nullable String value, String field, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String code = value.strip().toUpperCase(Locale.ROOT);
		if (!COUNTRIES.contains(code)) {
			problems.add(new FieldProblem(field, "Unknown country: choose one from the list."));
			return null;
		}
		return code;
	}

	private static List<String> languages(@Nullable List<String> values, List<FieldProblem> problems) {
		Set<String> languages = new LinkedHashSet<>();
		for (String value : items(values, "languages", problems)) {
			Locale locale = Locale.forLanguageTag(value);
			String tag = locale.toLanguageTag();
			if (!LANGUAGES.contains(locale.getLanguage()) || !tag.equalsIgnoreCase(value)) {
				problems.add(new FieldProblem("languages", "Unknown language: choose one from the list."));
				return List.of();
			}
			languages.add(tag);
		}
		if (languages.size() > MAX_LANGUAGES) {
			problems.add(new FieldProblem("languages", "Choose at most " + MAX_LANGUAGES + " languages."));
			return List.of();
		}
		return languages.isEmpty() ? List.of("en") : List.copyOf(languages);
	}

	private static List<String> campaigns(@Nullable List<String> values, List<FieldProblem> problems) {
		Set<String> campaigns = new LinkedHashSet<>();
		for (String value : items(values, "campaigns", problems)) {
			if (!CAMPAIGN.matcher(value).matches()) {
				problems.add(new FieldProblem("campaigns",
						"A campaign is named by lower-case letters, digits and dashes, as in its web address."));
				return List.of();
			}
			campaigns.add(value);
		}
		return List.copyOf(campaigns);
	}

	private static List<AlertKind> kinds(@Nullable List<String> values, List<FieldProblem> problems) {
		Set<AlertKind> kinds = new LinkedHashSet<>();
		for (String value : items(values, "kinds", problems)) {
			AlertKind kind = Arrays.stream(AlertKind.values())
				.filter((candidate) -> candidate.name().equalsIgnoreCase(value.replace('-', '_')))
				.findFirst()
				.orElse(null);
			if (kind == null) {
				problems.add(new FieldProblem("kinds", "Unknown kind of alert."));
				return List.of();
			}
			kinds.add(kind);
		}
		return List.copyOf(kinds);
	}

	private static Cadence cadence(@Nullable String value, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return Cadence.IMMEDIATE;
		}
		for (Cadence cadence : Cadence.values()) {
			if (cadence.name().equalsIgnoreCase(value.strip())) {
				return cadence;
			}
		}
		problems.add(new FieldProblem("cadence", "Choose immediately, daily or weekly."));
		return Cadence.IMMEDIATE;
	}

	private static @Nullable String timeZone(@Nullable String value, List<FieldProblem> problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String zone = value.strip();
		if (!ZoneId.getAvailableZoneIds().contains(zone)) {
			problems.add(new FieldProblem("timeZone", "Unknown time zone: choose one from the list."));
			return null;
		}
		return zone;
	}

	/** The non-blank items of a list field, trimmed, refusing overlong lists. */
	private static List<String> items(@Nullable List<String> values, String field, List<FieldProblem> problems) {
		if (values == null) {
			return List.of();
		}
		List<String> items = values.stream()
			.filter((value) -> value != null && !value.isBlank())
			.map(String::strip)
			.toList();
		if (items.size() > MAX_ITEMS) {
			problems.add(new FieldProblem(field, "Too many values: at most " + MAX_ITEMS + "."));
			return List.of();
		}
		return items;
	}

	/**
	 * The countries to choose from, by code, named in English.
	 * @return code to name, sorted by name
	 */
	static Map<String, String> countryChoices() {
		Map<String, String> byName = new TreeMap<>();
		for (String code : COUNTRIES) {
			byName.put(Locale.of("", code).getDisplayCountry(Locale.ENGLISH) + "\u0000" + code, code);
		}
		Map<String, String> choices = new java.util.LinkedHashMap<>();
		byName.forEach((key, code) -> choices.put(code, key.substring(0, key.indexOf('\u0000'))));
		return choices;
	}

	/**
	 * The languages to choose from, by code, named in their own language.
	 * @return code to name, sorted by code
	 */
	static Map<String, String> languageChoices() {
		Map<String, String> choices = new TreeMap<>();
		for (String code : LANGUAGES) {
			Locale locale = Locale.of(code);
			String name = locale.getDisplayLanguage(locale);
			if (!name.isBlank() && !name.equals(code)) {
				choices.put(code, name);
			}
		}
		return choices;
	}

	/**
	 * The time zones to choose from.
	 * @return zone ids, sorted
	 */
	static List<String> timeZoneChoices() {
		return ZoneId.getAvailableZoneIds()
			.stream()
			.filter((zone) -> zone.contains("/") && !zone.startsWith("Etc/") && !zone.startsWith("SystemV/"))
			.sorted(Comparator.naturalOrder())
			.toList();
	}

}
