package org.solidarityalerts.ingest.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.alert.AlertDraft;

/**
 * The compose and edit form, as the page posts it: the fields of an alert an organiser
 * fills in most (its words in any number of languages, a petition, one target to write
 * to, its timing). {@link #toDraft} turns it into the draft the alert service checks;
 * every problem is then keyed by this form's field names, so the page shows it beside the
 * field. On an update, the actions and settings the form does not show are kept.
 */
public class AlertForm {

	static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private @Nullable String alertId;

	private @Nullable Integer version;

	private String kind = "urgent-action";

	private @Nullable String campaignId;

	private @Nullable String campaignName;

	private @Nullable String subjectCountry;

	private @Nullable String tags;

	private String defaultLanguage = "en";

	private List<LanguageFields> languages = new ArrayList<>(List.of(new LanguageFields("en")));

	private @Nullable String petitionUrl;

	private @Nullable String petitionLabel;

	private @Nullable String targetName;

	private @Nullable String targetTitle;

	private @Nullable String targetOrganisation;

	private @Nullable String targetEmail;

	private @Nullable String targetAddress;

	private String timeZone = "UTC";

	private @Nullable String publishAt;

	private @Nullable String deadline;

	private @Nullable String changeNote;

	/**
	 * The form filled with an alert's latest version, to edit it.
	 * @param alert the latest version
	 * @param now the current time: an embargo already over is not shown
	 * @return the form
	 */
	static AlertForm of(AlertSnapshot alert, Instant now) {
		AlertForm form = new AlertForm();
		form.kind = WireFormat.name(alert.kind());
		form.campaignId = alert.campaign().id();
		form.campaignName = alert.campaign().name();
		form.subjectCountry = alert.subjectCountry();
		form.tags = String.join(", ", alert.tags());
		form.defaultLanguage = alert.defaultLanguage();
		form.languages = new ArrayList<>();
		alert.content().forEach((language, words) -> {
			LanguageFields fields = new LanguageFields(language);
			fields.setTitle(words.title());
			fields.setSummary(words.summary());
			fields.setBody(words.body());
			fields.setSuggestedMessage(words.suggestedMessage());
			form.languages.add(fields);
		});
		ZoneId zone = (alert.deadlineTimeZone() != null) ? ZoneId.of(alert.deadlineTimeZone()) : ZoneId.of("UTC");
		form.timeZone = zone.getId();
		if (alert.publishAt().isAfter(now)) {
			form.publishAt = LOCAL.format(alert.publishAt().atZone(zone));
		}
		if (alert.deadline() != null) {
			form.deadline = LOCAL.format(alert.deadline().atZone(zone));
		}
		for (Action action : alert.actions()) {
			if (action instanceof Action.SignPetition petition && form.petitionUrl == null) {
				form.petitionUrl = petition.url();
				form.petitionLabel = (petition.label() != null)
						? petition.label().in(alert.defaultLanguage(), alert.defaultLanguage()) : null;
			}
			else if (action instanceof Action.WriteTo write && form.targetName == null && form.targetTitle == null
					&& form.targetOrganisation == null) {
				Target target = write.target();
				form.targetName = target.name();
				form.targetTitle = (target.title() != null)
						? target.title().in(alert.defaultLanguage(), alert.defaultLanguage()) : null;
				form.targetOrganisation = (target.organisation() != null)
						? target.organisation().in(alert.defaultLanguage(), alert.defaultLanguage()) : null;
				form.targetEmail = target.emails().isEmpty() ? null : target.emails().getFirst();
				form.targetAddress = String.join("\n", target.postalAddress());
			}
		}
		form.version = alert.version();
		return form;
	}

	/**
	 * The actions of an alert's latest version that this form does not show (all but its
	 * first petition and its first letter), kept as they are by an update.
	 * @param alert the latest version
	 * @return those actions
	 */
	static List<Action> notShown(AlertSnapshot alert) {
		List<Action> kept = new ArrayList<>();
		boolean petition = false;
		boolean letter = false;
		for (Action action : alert.actions()) {
			if (action instanceof Action.SignPetition && !petition) {
				petition = true;
			}
			else if (action instanceof Action.WriteTo && !letter) {
				letter = true;
			}
			else {
				kept.add(action);
			}
		}
		return kept;
	}

	/**
	 * The draft this form describes.
	 * @param problems where to put what cannot even be read (a date that is not a date),
	 * by field
	 * @param schedule whether the organiser asked to schedule it (a publishing time is
	 * then required)
	 * @param current the alert's latest version when this is an update, else null
	 * @return the draft
	 */
	AlertDraft toDraft(Map<String, String> problems, boolean schedule, @Nullable AlertSnapshot current) {
		AlertKind alertKind = Arrays.stream(AlertKind.values())
			.filter((candidate) -> WireFormat.name(candidate).equals(this.kind))
			.findFirst()
			.orElse(null);
		if (alertKind == null) {
			problems.put("kind", "Choose one of the kinds.");
		}
		ZoneId zone = null;
		try {
			zone = ZoneId.of(blankToNull(this.timeZone) != null ? this.timeZone.strip() : "UTC");
		}
		catch (DateTimeException ex) {
			problems.put("timeZone", "is not a time zone; write one such as Europe/London or Asia/Almaty");
		}
		Instant publishAtInstant = (zone != null) ? instant("publishAt", this.publishAt, zone, problems) : null;
		if (schedule && publishAtInstant == null && !problems.containsKey("publishAt")) {
			problems.put("publishAt", "is required to schedule: give the date and time it may go out");
		}
		Instant deadlineInstant = (zone != null) ? instant("deadline", this.deadline, zone, problems) : null;
		Map<String, LocalizedContent> content = new LinkedHashMap<>();
		for (int i = 0; i < this.languages.size(); i++) {
			LanguageFields fields = this.languages.get(i);
			if (fields.isEmpty()) {
				continue;
			}
			String tag = blankToNull(fields.getTag());
			if (tag == null) {
				problems.put("languages[" + i + "].tag", "is required: the language's code, such as en or es");
				continue;
			}
			if (content.containsKey(tag.strip())) {
				problems.put("languages[" + i + "].tag", "is given twice; write each language once");
				continue;
			}
			content.put(tag.strip(),
					new LocalizedContent(nullToEmpty(fields.getTitle()), nullToEmpty(fields.getSummary()),
							blankToNull(fields.getBody()), blankToNull(fields.getSuggestedMessage())));
		}
		List<Action> actions = new ArrayList<>(actions());
		List<String> tagList = (this.tags != null)
				? Arrays.stream(this.tags.split(",")).map(String::strip).filter((tag) -> !tag.isEmpty()).toList()
				: List.of();
		LocalizedText note = null;
		if (current != null) {
			actions.addAll(notShown(current));
			if (blankToNull(this.changeNote) == null) {
				problems.put("changeNote", "is required: say in a line or two what changed, for the readers");
			}
			else {
				note = new LocalizedText(Map.of(this.defaultLanguage.strip(), this.changeNote.strip()));
			}
		}
		return new AlertDraft(alertKind,
				new Campaign(nullToEmpty(this.campaignId).strip(), nullToEmpty(this.campaignName).strip()),
				blankToNull(this.subjectCountry) != null
						? this.subjectCountry.strip().toUpperCase(java.util.Locale.ROOT) : null,
				tagList.isEmpty() ? null : tagList, blankToNull(this.defaultLanguage),
				content.isEmpty() ? null : content, actions.isEmpty() ? null : actions, publishAtInstant,
				deadlineInstant, (current != null) ? current.expiresAt() : null,
				(deadlineInstant != null && zone != null) ? zone.getId() : null,
				(current != null && !current.residenceCountries().isEmpty()) ? current.residenceCountries() : null,
				note, (current != null && current.followsUp() != null) ? current.followsUp().alertId() : null);
	}

	/**
	 * The form field a problem the alert service reported belongs to.
	 * @param path the service's field path, e.g. {@code content.en.title} or
	 * {@code actions[0].url}
	 * @return the form's field name
	 */
	String fieldOf(String path) {
		if (path.startsWith("content.")) {
			String rest = path.substring("content.".length());
			for (int i = 0; i < this.languages.size(); i++) {
				String tag = nullToEmpty(this.languages.get(i).getTag()).strip();
				if (rest.equals(tag)) {
					return "languages[" + i + "].tag";
				}
				if (rest.startsWith(tag + ".")) {
					return "languages[" + i + "]." + rest.substring(tag.length() + 1);
				}
			}
			return "languages";
		}
		if (path.equals("content")) {
			return "languages[0].title";
		}
		if (path.startsWith("campaign")) {
			return path.endsWith(".name") ? "campaignName" : "campaignId";
		}
		if (path.startsWith("tags")) {
			return "tags";
		}
		if (path.startsWith("deadlineTimeZone")) {
			return "timeZone";
		}
		if (path.startsWith("changeNote")) {
			return "changeNote";
		}
		if (path.startsWith("actions[")) {
			int index = Integer.parseInt(path.substring("actions[".length(), path.indexOf(']')));
			boolean petition = blankToNull(this.petitionUrl) != null || blankToNull(this.petitionLabel) != null;
			if (petition && index == 0) {
				return path.endsWith(".label") ? "petitionLabel" : "petitionUrl";
			}
			if (hasTarget() && index == (petition ? 1 : 0)) {
				if (path.contains(".emails")) {
					return "targetEmail";
				}
				if (path.contains(".postalAddress")) {
					return "targetAddress";
				}
				if (path.contains(".title")) {
					return "targetTitle";
				}
				return path.contains(".organisation") ? "targetOrganisation" : "targetName";
			}
			return "actions";
		}
		return path;
	}

	private List<Action> actions() {
		List<Action> actions = new ArrayList<>();
		if (blankToNull(this.petitionUrl) != null || blankToNull(this.petitionLabel) != null) {
			actions
				.add(new Action.SignPetition(nullToEmpty(this.petitionUrl).strip(), blankToNull(this.petitionLabel)));
		}
		if (hasTarget()) {
			List<String> address = (this.targetAddress != null)
					? this.targetAddress.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList()
					: List.of();
			actions.add(new Action.WriteTo(new Target(blankToNull(this.targetName), blankToNull(this.targetTitle),
					blankToNull(this.targetOrganisation), address,
					(blankToNull(this.targetEmail) != null) ? this.targetEmail.strip() : null, null, null, null)));
		}
		return actions;
	}

	private boolean hasTarget() {
		return blankToNull(this.targetName) != null || blankToNull(this.targetTitle) != null
				|| blankToNull(this.targetOrganisation) != null || blankToNull(this.targetEmail) != null
				|| blankToNull(this.targetAddress) != null;
	}

	private static @Nullable Instant instant(String field, @Nullable String text, ZoneId zone,
			Map<String, String> problems) {
		if (blankToNull(text) == null) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.strip()).truncatedTo(ChronoUnit.MINUTES).atZone(zone).toInstant();
		}
		catch (DateTimeException ex) {
			problems.put(field, "is not a date and time; write it as 2026-12-01T18:00");
			return null;
		}
	}

	static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	private static String nullToEmpty(@Nullable String text) {
		return (text != null) ? text : "";
	}

	public @Nullable String getAlertId() {
		return this.alertId;
	}

	public void setAlertId(@Nullable String alertId) {
		this.alertId = alertId;
	}

	public @Nullable Integer getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Integer version) {
		this.version = version;
	}

	public String getKind() {
		return this.kind;
	}

	public void setKind(String kind) {
		this.kind = kind;
	}

	public @Nullable String getCampaignId() {
		return this.campaignId;
	}

	public void setCampaignId(@Nullable String campaignId) {
		this.campaignId = campaignId;
	}

	public @Nullable String getCampaignName() {
		return this.campaignName;
	}

	public void setCampaignName(@Nullable String campaignName) {
		this.campaignName = campaignName;
	}

	public @Nullable String getSubjectCountry() {
		return this.subjectCountry;
	}

	public void setSubjectCountry(@Nullable String subjectCountry) {
		this.subjectCountry = subjectCountry;
	}

	public @Nullable String getTags() {
		return this.tags;
	}

	public void setTags(@Nullable String tags) {
		this.tags = tags;
	}

	public String getDefaultLanguage() {
		return this.defaultLanguage;
	}

	public void setDefaultLanguage(String defaultLanguage) {
		this.defaultLanguage = defaultLanguage;
	}

	public List<LanguageFields> getLanguages() {
		return this.languages;
	}

	public void setLanguages(List<LanguageFields> languages) {
		this.languages = languages;
	}

	public @Nullable String getPetitionUrl() {
		return this.petitionUrl;
	}

	public void setPetitionUrl(@Nullable String petitionUrl) {
		this.petitionUrl = petitionUrl;
	}

	public @Nullable String getPetitionLabel() {
		return this.petitionLabel;
	}

	public void setPetitionLabel(@Nullable String petitionLabel) {
		this.petitionLabel = petitionLabel;
	}

	public @Nullable String getTargetName() {
		return this.targetName;
	}

	public void setTargetName(@Nullable String targetName) {
		this.targetName = targetName;
	}

	public @Nullable String getTargetTitle() {
		return this.targetTitle;
	}

	public void setTargetTitle(@Nullable String targetTitle) {
		this.targetTitle = targetTitle;
	}

	public @Nullable String getTargetOrganisation() {
		return this.targetOrganisation;
	}

	public void setTargetOrganisation(@Nullable String targetOrganisation) {
		this.targetOrganisation = targetOrganisation;
	}

	public @Nullable String getTargetEmail() {
		return this.targetEmail;
	}

	public void setTargetEmail(@Nullable String targetEmail) {
		this.targetEmail = targetEmail;
	}

	public @Nullable String getTargetAddress() {
		return this.targetAddress;
	}

	public void setTargetAddress(@Nullable String targetAddress) {
		this.targetAddress = targetAddress;
	}

	public String getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(String timeZone) {
		this.timeZone = timeZone;
	}

	public @Nullable String getPublishAt() {
		return this.publishAt;
	}

	public void setPublishAt(@Nullable String publishAt) {
		this.publishAt = publishAt;
	}

	public @Nullable String getDeadline() {
		return this.deadline;
	}

	public void setDeadline(@Nullable String deadline) {
		this.deadline = deadline;
	}

	public @Nullable String getChangeNote() {
		return this.changeNote;
	}

	public void setChangeNote(@Nullable String changeNote) {
		this.changeNote = changeNote;
	}

	/**
	 * One language's words.
	 */
	public static class LanguageFields {

		private @Nullable String tag;

		private @Nullable String title;

		private @Nullable String summary;

		private @Nullable String body;

		private @Nullable String suggestedMessage;

		public LanguageFields() {
		}

		LanguageFields(@Nullable String tag) {
			this.tag = tag;
		}

		boolean isEmpty() {
			return blankToNull(this.tag) == null && blankToNull(this.title) == null && blankToNull(this.summary) == null
					&& blankToNull(this.body) == null && blankToNull(this.suggestedMessage) == null;
		}

		public @Nullable String getTag() {
			return this.tag;
		}

		public void setTag(@Nullable String tag) {
			this.tag = tag;
		}

		public @Nullable String getTitle() {
			return this.title;
		}

		public void setTitle(@Nullable String title) {
			this.title = title;
		}

		public @Nullable String getSummary() {
			return this.summary;
		}

		public void setSummary(@Nullable String summary) {
			this.summary = summary;
		}

		public @Nullable String getBody() {
			return this.body;
		}

		public void setBody(@Nullable String body) {
			this.body = body;
		}

		public @Nullable String getSuggestedMessage() {
			return this.suggestedMessage;
		}

		public void setSuggestedMessage(@Nullable String suggestedMessage) {
			this.suggestedMessage = suggestedMessage;
		}

	}

}
