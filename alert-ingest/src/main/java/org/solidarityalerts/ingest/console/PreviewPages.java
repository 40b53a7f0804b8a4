package org.solidarityalerts.ingest.console;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.ingest.alert.AlertView;
import org.solidarityalerts.ingest.alert.OrganiserAlerts;
import org.solidarityalerts.ingest.preview.DispatchPreviews;
import org.solidarityalerts.ingest.preview.DispatchUnavailableException;
import org.solidarityalerts.ingest.preview.ReaderProfile;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The alert page's preview and test send: what one reader (language, country, time zone)
 * would receive of the alert as it stands, rendered by dispatch through the API's own
 * client ({@link DispatchPreviews}), and one test of it sent to the organisation's
 * operator-verified test address under the API's limit ({@link ConsoleTestSends}, shared
 * with the compose page's test of a draft). The alert is looked up in the user's
 * organisation first, so another organisation's alert is a 404 and nothing is rendered.
 * With htmx only the preview's section is replaced; without script the whole page comes
 * back with it.
 */
@Hidden
@Controller
class PreviewPages {

	/**
	 * The languages the service's own words are written in (dispatch's mail messages).
	 */
	static final List<String> SERVICE_LANGUAGES = List.of("en", "ar", "de", "es", "fa", "fr", "kk", "ru", "uk");

	private static final Logger logger = LoggerFactory.getLogger(PreviewPages.class);

	private final OrganiserAlerts alerts;

	private final DispatchPreviews dispatch;

	private final ConsoleTestSends testSends;

	PreviewPages(OrganiserAlerts alerts, DispatchPreviews dispatch, ConsoleTestSends testSends) {
		this.alerts = alerts;
		this.dispatch = dispatch;
		this.testSends = testSends;
	}

	@PostMapping("/console/alerts/{id}/preview")
	String preview(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			@RequestParam(required = false) @Nullable String language,
			@RequestParam(required = false) @Nullable String residenceCountry,
			@RequestParam(required = false) @Nullable String timeZone,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		Reader reader = reader(alert.current(), language, residenceCountry, timeZone);
		model.addAttribute("reader", reader);
		if (reader.problem() != null) {
			response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
			model.addAttribute("previewProblem", reader.problem());
		}
		else {
			try {
				model.addAttribute("preview", this.dispatch.preview(alert.current(), reader.profile()));
			}
			catch (DispatchUnavailableException ex) {
				logger.warn("Console preview failed: {}", ex.getMessage(), ex.getCause());
				response.setStatus(HttpStatus.BAD_GATEWAY.value());
				model.addAttribute("previewProblem", "The preview could not be rendered just now (the delivery "
						+ "service did not answer); nothing was sent. Try again in a moment.");
			}
		}
		return page(alert, model, htmx);
	}

	@PostMapping("/console/alerts/{id}/test-sends")
	String testSend(@AuthenticationPrincipal ConsolePrincipal user, @PathVariable String id,
			@RequestParam(required = false) @Nullable String language,
			@RequestParam(required = false) @Nullable String residenceCountry,
			@RequestParam(required = false) @Nullable String timeZone,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model,
			HttpServletResponse response) {
		AlertView alert = this.alerts.get(user.organiser(), id);
		Reader reader = reader(alert.current(), language, residenceCountry, timeZone);
		model.addAttribute("reader", reader);
		this.testSends.send(user, alert.current(), reader, id, "version " + alert.version(), htmx != null, model,
				response);
		return page(alert, model, htmx);
	}

	private static String page(AlertView alert, Model model, @Nullable String htmx) {
		model.addAttribute("alert", alert);
		model.addAttribute("current", alert.current());
		offer(model, alert.current());
		return (htmx != null) ? "console/alert :: preview" : "console/alert";
	}

	/**
	 * Offers the preview's form on an alert page, for the alert's default reader.
	 * @param model the page's model
	 * @param alert the alert as it stands
	 */
	static void offer(Model model, AlertSnapshot alert) {
		if (!model.containsAttribute("reader")) {
			model.addAttribute("reader", new Reader(alert.defaultLanguage(), alert.subjectCountry(), "UTC", null));
		}
		model.addAttribute("readerLanguages", readerLanguages(alert));
	}

	/** The alert's default language first, then its others, then the service's. */
	static List<String> readerLanguages(AlertSnapshot alert) {
		Set<String> languages = new LinkedHashSet<>();
		languages.add(alert.defaultLanguage());
		alert.content().keySet().stream().sorted().forEach(languages::add);
		languages.addAll(SERVICE_LANGUAGES);
		return List.copyOf(languages);
	}

	private static Reader reader(AlertSnapshot alert, @Nullable String language, @Nullable String country,
			@Nullable String timeZone) {
		String chosen = (language != null) ? language.strip() : "";
		String place = (country != null) ? country.strip().toUpperCase(Locale.ROOT) : "";
		String zone = (timeZone != null && !timeZone.isBlank()) ? timeZone.strip() : "UTC";
		String problem = null;
		if (!readerLanguages(alert).contains(chosen)) {
			problem = "Choose one of the languages offered.";
		}
		else if (!place.isEmpty() && !Set.of(Locale.getISOCountries()).contains(place)) {
			problem = "The country is a two-letter code (ISO 3166-1), for example KZ or DE.";
		}
		else {
			try {
				ZoneId.of(zone);
			}
			catch (DateTimeException ex) {
				problem = "The time zone is a name such as Europe/Berlin or Asia/Almaty.";
			}
		}
		return new Reader(chosen, place, zone, problem);
	}

	/**
	 * A reader chosen on the compose page for a preview of the unsaved draft: any
	 * language, a country and a time zone, checked as the API checks a reader.
	 * @param fields what the page posted
	 * @return the reader, with why it cannot be previewed if it cannot
	 */
	static Reader draftReader(ReaderFields fields) {
		String chosen = (fields.getLanguage() != null) ? fields.getLanguage().strip() : "";
		String place = (fields.getResidenceCountry() != null)
				? fields.getResidenceCountry().strip().toUpperCase(Locale.ROOT) : "";
		String zone = (fields.getTimeZone() != null && !fields.getTimeZone().isBlank()) ? fields.getTimeZone().strip()
				: "UTC";
		String problem = null;
		String language = Locale.forLanguageTag(chosen).getLanguage();
		if (language.isEmpty() || !Set.of(Locale.getISOLanguages()).contains(language)) {
			problem = "The reader's language is a language code, for example es or pt-BR.";
		}
		else if (!place.isEmpty() && !Set.of(Locale.getISOCountries()).contains(place)) {
			problem = "The country is a two-letter code (ISO 3166-1), for example KZ or DE.";
		}
		else if (!ZoneId.getAvailableZoneIds().contains(zone)) {
			problem = "The time zone is a name such as Europe/Berlin or Asia/Almaty.";
		}
		return new Reader(chosen, place, zone, problem);
	}

	/**
	 * The reader chosen on the page, as the form shows it again.
	 *
	 * @param language their language
	 * @param residenceCountry where they live, or empty
	 * @param timeZone their time zone
	 * @param problem why it cannot be previewed, if it cannot
	 */
	record Reader(String language, String residenceCountry, String timeZone, @Nullable String problem) {

		ReaderProfile profile() {
			return new ReaderProfile(List.of(this.language),
					this.residenceCountry.isEmpty() ? null : this.residenceCountry, this.timeZone, null);
		}

		String describe() {
			return "reader " + this.language + (this.residenceCountry.isEmpty() ? "" : "/" + this.residenceCountry)
					+ " " + this.timeZone;
		}

	}

}
