package org.solidarityalerts.dispatch.subscription;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.dispatch.subscriber.Cadence;

import org.springframework.http.HttpStatus;
import org.springframework.beans.propertyeditors.CustomBooleanEditor;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;

/**
 * What the subscribers' pages share: the choices their forms offer, the page for a
 * refusal, and the one page for a link that is tampered with, expired or used up,
 * whatever the reason.
 */
public final class Pages {

	/**
	 * The fields of the sign-up and preferences forms, in the order the forms show them.
	 */
	private static final List<String> FORM = List.of("email", "name", "residenceCountry", "languages", "campaigns",
			"countries", "kinds", "cadence", "timeZone", "consent");

	private Pages() {
	}

	/**
	 * Adds the choices of the profile form (countries, languages, time zones, kinds,
	 * cadences).
	 * @param model the page's model
	 */
	public static void choices(Model model) {
		model.addAttribute("countryChoices", Checks.countryChoices());
		model.addAttribute("languageChoices", Checks.languageChoices());
		model.addAttribute("timeZoneChoices", Checks.timeZoneChoices());
		model.addAttribute("kindChoices", List.of(AlertKind.values()));
		model.addAttribute("cadenceChoices", List.of(Cadence.values()));
	}

	/**
	 * Binds a form's consent as given or not given: yes ({@code true}, {@code on},
	 * {@code yes}, {@code 1}), no, or nothing; any other value (a form made by hand) is
	 * no consent, which the form then asks for, rather than a binding failure that would
	 * leave the form unread. The consent is the forms' one field that is not text.
	 * @param binder the form's binder
	 */
	public static void consentAsGiven(WebDataBinder binder) {
		binder.registerCustomEditor(Boolean.class, new CustomBooleanEditor(true) {

			@Override
			public void setAsText(@Nullable String text) {
				try {
					super.setAsText(text);
				}
				catch (IllegalArgumentException ex) {
					setValue(null);
				}
			}

		});
	}

	/**
	 * The page that says why a request was refused.
	 * @param response the response, given the status
	 * @param status its status
	 * @param title the page's heading
	 * @param detail what happened and what to do
	 * @param model the page's model
	 * @return the view
	 */
	public static String problemPage(HttpServletResponse response, HttpStatus status, String title, String detail,
			Model model) {
		response.setStatus(status.value());
		model.addAttribute("title", title);
		model.addAttribute("detail", detail);
		return "subscription/problem";
	}

	/**
	 * The page for a link that cannot be used, with status 400.
	 * @param response the response
	 * @return the view
	 */
	public static String invalidLink(HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return "subscription/invalid-link";
	}

	/**
	 * The problems of a form by field, for showing each next to its field and in the list
	 * above the form, which follows the form's order.
	 * @param problems the problems found
	 * @return the messages by field, in the form's order
	 */
	public static Map<String, String> byField(List<FieldProblem> problems) {
		Map<String, String> byField = new LinkedHashMap<>();
		problems.stream()
			.sorted(Comparator.comparingInt((FieldProblem problem) -> formOrder(problem.field())))
			.forEach((problem) -> byField.merge(problem.field(), problem.message(), (a, b) -> a + " " + b));
		return byField;
	}

	private static int formOrder(String field) {
		int place = FORM.indexOf(field);
		return (place >= 0) ? place : FORM.size();
	}

}
