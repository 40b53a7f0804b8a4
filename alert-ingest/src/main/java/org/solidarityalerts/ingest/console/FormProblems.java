package org.solidarityalerts.ingest.console;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problems of a compose form, as the list above it shows them: each with a label a
 * person reads, and the field it links to, by the id the page gives that field
 * ({@code console/compose.html}, {@code console/actions.html}). A field of several
 * languages is linked by its first; a problem of no one field (a whole action, the list
 * of languages) by the paragraph that states it beside them.
 */
final class FormProblems {

	/** An action's texts and a target's, written in each of the alert's languages. */
	private static final Set<String> IN_EACH_LANGUAGE = Set.of("text", "venue", "title", "organisation", "salutation",
			"note");

	private FormProblems() {
	}

	/**
	 * A problem as the list above the form shows it.
	 *
	 * @param text the field's label and what is wrong with it
	 * @param target the id of the element it links to
	 */
	record Listed(String text, String target) {
	}

	/**
	 * Every problem, labelled and linked, in the order found.
	 * @param form the form as sent
	 * @param problems what is wrong, by field name
	 * @return the list above the form
	 */
	static List<Listed> listed(AlertForm form, Map<String, String> problems) {
		return problems.entrySet()
			.stream()
			.map((entry) -> new Listed(label(form, entry.getKey()) + ": " + entry.getValue(),
					target(form, entry.getKey())))
			.toList();
	}

	/**
	 * The id of the element a problem of this field links to.
	 * @param form the form as sent
	 * @param field the field's name, as {@link AlertForm#fieldOf} gives it
	 * @return the id
	 */
	static String target(AlertForm form, String field) {
		if (field.startsWith("languages[")) {
			int index = Integer.parseInt(field.substring("languages[".length(), field.indexOf(']')));
			return switch (field.substring(field.indexOf(']') + 1)) {
				case ".tag" -> "lang-" + index;
				case ".title" -> "title-" + index;
				case ".summary" -> "summary-" + index;
				case ".body" -> "body-" + index;
				case ".suggestedMessage" -> "message-" + index;
				default -> "languages-problem";
			};
		}
		if (field.startsWith("actions[")) {
			String row = "action-" + field.substring("actions[".length(), field.indexOf(']'));
			String part = field.substring(field.indexOf(']') + 1);
			if (part.isEmpty() || part.equals(".kind")) {
				return row + part.replace('.', '-') + "-problem";
			}
			List<String> path = List.of(part.substring(1).split("\\."));
			String id = row;
			int from = 0;
			if (path.getFirst().equals("target")) {
				boolean via = path.size() > 1 && path.get(1).equals("via");
				id += via ? "-via" : "-target";
				from = via ? 2 : 1;
				if (from == path.size()) {
					return id + "-name";
				}
			}
			String last = path.getLast();
			id += "-" + String.join("-", path.subList(from, path.size()));
			return IN_EACH_LANGUAGE.contains(last) ? inFirstLanguage(form, id) : id;
		}
		return switch (field) {
			case "languages", "actions" -> field + "-problem";
			default -> field;
		};
	}

	private static String inFirstLanguage(AlertForm form, String id) {
		List<String> languages = form.getTextLanguages();
		return languages.isEmpty() ? id + "-problem" : id + "-" + languages.getFirst();
	}

	static String label(AlertForm form, String field) {
		if (field.startsWith("languages[")) {
			int index = Integer.parseInt(field.substring("languages[".length(), field.indexOf(']')));
			String tag = (index < form.getLanguages().size() && form.getLanguages().get(index).getTag() != null)
					? form.getLanguages().get(index).getTag() : "?";
			String part = field.substring(field.indexOf(']') + 1);
			String name = switch (part) {
				case ".tag" -> "Language code";
				case ".title" -> "Title";
				case ".summary" -> "Summary";
				case ".body" -> "Body";
				case ".suggestedMessage" -> "Suggested message";
				default -> "Words";
			};
			return name + " (" + tag + ")";
		}
		if (field.startsWith("actions[")) {
			return actionLabel(form, field);
		}
		return switch (field) {
			case "kind" -> "Kind";
			case "campaignId" -> "Campaign id";
			case "campaignName" -> "Campaign name";
			case "subjectCountry" -> "Country concerned";
			case "defaultLanguage" -> "Default language";
			case "tags" -> "Tags";
			case "actions" -> "Actions";
			case "expiresAt" -> "Expires at";
			case "residenceCountries" -> "Only for readers living in";
			case "followsUp" -> "Follows up the alert";
			case "timeZone" -> "Time zone";
			case "publishAt" -> "Publish at";
			case "deadline" -> "Deadline";
			case "changeNote" -> "What changed";
			default -> field;
		};
	}

	/**
	 * An action's field, with the action's number and kind: "Phone numbers (action 2:
	 * Phone someone)".
	 */
	private static String actionLabel(AlertForm form, String field) {
		int row = Integer.parseInt(field.substring("actions[".length(), field.indexOf(']')));
		String kind = (row < form.getActions().size()) ? form.getActions().get(row).getKind() : "";
		String part = field.substring(field.indexOf(']') + 1);
		boolean via = part.startsWith(".target.via");
		if (via) {
			part = ".target" + part.substring(".target.via".length());
		}
		String name = switch (part) {
			case ".url" -> kind.equals("sign-petition") ? "Petition address" : "Link to share";
			case ".text" -> switch (kind) {
				case "sign-petition" -> "What the petition asks for";
				case "embassy-protest" -> "What to ask of the embassy";
				default -> "Text to share with it";
			};
			case ".target" -> "Name, title or organisation";
			case ".target.name" -> "Name";
			case ".target.title" -> "Title";
			case ".target.organisation" -> "Organisation";
			case ".target.emails" -> "E-mail address";
			case ".target.phones" -> "Phone numbers";
			case ".target.faxes" -> "Fax numbers";
			case ".target.postalAddress" -> "Postal address";
			case ".target.salutation" -> "Salutation";
			case ".target.preferredLanguages" -> "Letters best written in";
			case ".target.note" -> "Note on them";
			case ".venue" -> "Venue";
			case ".address" -> "Address of the venue";
			case ".start" -> "Starts at";
			case ".end" -> "Ends at";
			case ".doorsOpen" -> "Doors open at";
			case ".timeZone" -> "Time zone of the venue";
			case ".copiesTo" -> "Send copies to";
			case ".residenceCountries" -> "Only for readers living in";
			case ".kind" -> "Kind of action";
			default -> "Action";
		};
		return (via ? "Through whom: " : "") + name + " (action " + (row + 1) + ": "
				+ AlertForm.ACTION_KINDS.getOrDefault(kind, kind) + ")";
	}

}
