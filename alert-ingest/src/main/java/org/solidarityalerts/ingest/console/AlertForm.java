package org.solidarityalerts.ingest.console;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.alert.AlertDraft;

/**
 * The compose and edit form, as the page posts it: every field of an {@link AlertDraft}.
 * Its words in any number of languages; its actions, of any kind and number, one row each
 * ({@code actions[2].target.phones}), whose short texts are written once per language the
 * alert has (the default language's alone is stored untagged, for every reader); its
 * timing, audience and follow-up. {@link #toDraft} turns it into the draft the alert
 * service checks, and {@link #fieldOf} keys each problem by this form's field names, so
 * the page shows it beside the field. A row left blank is no action. An alert's latest
 * version fills the whole form, so an update keeps nothing the form does not show.
 * <p>
 * The names of the first version of this form ({@code petitionUrl}, {@code targetName},
 * ...) are still read, as the first petition and the first letter.
 */
public class AlertForm {

	static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	/** The kinds of action, by their wire names, with what the page calls them. */
	static final Map<String, String> ACTION_KINDS = actionKinds();

	private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

	private static final Set<String> LOCALIZED = Set.of("label", "note", "text", "venue", "title", "organisation",
			"salutation");

	private @Nullable String alertId;

	private @Nullable Integer version;

	private String kind = "urgent-action";

	private @Nullable String campaignId;

	private @Nullable String campaignName;

	private @Nullable String subjectCountry;

	private @Nullable String tags;

	private String defaultLanguage = "en";

	private List<LanguageFields> languages = new ArrayList<>(List.of(new LanguageFields("en")));

	private List<ActionFields> actions = new ArrayList<>();

	private final ActionFields legacyPetition = new ActionFields("sign-petition");

	private final ActionFields legacyLetter = new ActionFields("write");

	private String timeZone = "UTC";

	private @Nullable String publishAt;

	private @Nullable String deadline;

	private @Nullable String expiresAt;

	private @Nullable String residenceCountries;

	private @Nullable String followsUp;

	private @Nullable String changeNote;

	private Map<String, String> changeNotes = new LinkedHashMap<>();

	private List<ReaderFields> readers = new ArrayList<>(List.of(new ReaderFields("en"), new ReaderFields(null)));

	/** The row of the form each action of the last {@link #toDraft} came from. */
	private List<Integer> rowOfAction = new ArrayList<>();

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
		if (alert.expiresAt() != null) {
			form.expiresAt = LOCAL.format(alert.expiresAt().atZone(zone));
		}
		form.residenceCountries = String.join(", ", alert.residenceCountries());
		form.followsUp = (alert.followsUp() != null) ? alert.followsUp().alertId() : null;
		form.actions = new ArrayList<>();
		for (Action action : alert.actions()) {
			form.actions.add(ActionFields.of(action, alert.defaultLanguage()));
		}
		form.readers.getFirst().setLanguage(alert.defaultLanguage());
		form.readers.getFirst().setResidenceCountry(alert.subjectCountry());
		form.version = alert.version();
		return form;
	}

	/**
	 * A new alert's form: a petition and a letter, blank, to fill in or leave.
	 * @return the form
	 */
	static AlertForm blank() {
		AlertForm form = new AlertForm();
		form.actions.add(new ActionFields("sign-petition"));
		form.actions.add(new ActionFields("write"));
		return form;
	}

	/**
	 * Adds a blank row for an action of a kind.
	 * @param kind the kind's wire name
	 * @return whether it is a kind
	 */
	boolean addAction(String kind) {
		if (!ACTION_KINDS.containsKey(kind)) {
			return false;
		}
		this.actions.add(new ActionFields(kind));
		return true;
	}

	/**
	 * Removes an action's row.
	 * @param row its index
	 */
	void removeAction(int row) {
		if (row >= 0 && row < this.actions.size()) {
			this.actions.remove(row);
		}
	}

	/**
	 * Takes the fields of the form's first version into the first petition and the first
	 * letter (or new rows for them), once.
	 */
	void absorbLegacyFields() {
		absorb(this.legacyPetition, 0);
		absorb(this.legacyLetter,
				(int) this.actions.stream().takeWhile((row) -> row.getKind().equals("sign-petition")).count());
	}

	private void absorb(ActionFields legacy, int position) {
		if (legacy.isBlank()) {
			return;
		}
		ActionFields row = this.actions.stream()
			.filter((candidate) -> candidate.getKind().equals(legacy.getKind()))
			.findFirst()
			.orElse(null);
		if (row == null) {
			row = new ActionFields(legacy.getKind());
			this.actions.add(Math.min(position, this.actions.size()), row);
		}
		row.takeFrom(legacy, this.defaultLanguage);
		legacy.clear();
	}

	/**
	 * The languages the actions' short texts are written in: the default language, the
	 * alert's others, then any other a text of an action already has.
	 * @return the language tags
	 */
	public List<String> getTextLanguages() {
		Set<String> tags = new LinkedHashSet<>();
		if (blankToNull(this.defaultLanguage) != null) {
			tags.add(this.defaultLanguage.strip());
		}
		this.languages.stream()
			.map(LanguageFields::getTag)
			.filter((tag) -> blankToNull(tag) != null)
			.map(String::strip)
			.forEach(tags::add);
		for (ActionFields row : this.actions) {
			row.texts()
				.forEach((
						texts) -> texts.keySet().stream().filter((tag) -> blankToNull(tag) != null).forEach(tags::add));
		}
		this.changeNotes.keySet().stream().filter((tag) -> blankToNull(tag) != null).forEach(tags::add);
		tags.remove(LocalizedText.UNTAGGED);
		return List.copyOf(tags);
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
		absorbLegacyFields();
		AlertKind alertKind = Arrays.stream(AlertKind.values())
			.filter((candidate) -> WireFormat.name(candidate).equals(this.kind))
			.findFirst()
			.orElse(null);
		if (alertKind == null) {
			problems.put("kind", "Choose one of the kinds.");
		}
		ZoneId zone = zone("timeZone", this.timeZone, problems);
		Instant publishAtInstant = (zone != null) ? instant("publishAt", this.publishAt, zone, problems) : null;
		if (schedule && publishAtInstant == null && !problems.containsKey("publishAt")) {
			problems.put("publishAt", "is required to schedule: give the date and time it may go out");
		}
		Instant deadlineInstant = (zone != null) ? instant("deadline", this.deadline, zone, problems) : null;
		Instant expiresAtInstant = (zone != null) ? instant("expiresAt", this.expiresAt, zone, problems) : null;
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
		String language = nullToEmpty(this.defaultLanguage).strip();
		List<Action> actionList = new ArrayList<>();
		this.rowOfAction = new ArrayList<>();
		for (int row = 0; row < this.actions.size(); row++) {
			ActionFields fields = this.actions.get(row);
			if (fields.isBlank()) {
				continue;
			}
			Action action = fields.toAction("actions[" + row + "]", language, problems);
			if (action != null) {
				actionList.add(action);
				this.rowOfAction.add(row);
			}
		}
		LocalizedText note = null;
		if (current != null || blankToNull(this.changeNote) != null) {
			Map<String, String> notes = new LinkedHashMap<>(this.changeNotes);
			notes.put(language, nullToEmpty(this.changeNote));
			note = localized(notes, language);
			if (note == null && current != null) {
				problems.put("changeNote", "is required: say in a line or two what changed, for the readers");
			}
		}
		List<String> countries = list(this.residenceCountries, true);
		return new AlertDraft(alertKind,
				new Campaign(nullToEmpty(this.campaignId).strip(), nullToEmpty(this.campaignName).strip()),
				blankToNull(this.subjectCountry) != null ? this.subjectCountry.strip().toUpperCase(Locale.ROOT) : null,
				list(this.tags, false).isEmpty() ? null : list(this.tags, false), blankToNull(this.defaultLanguage),
				content.isEmpty() ? null : content, actionList.isEmpty() ? null : actionList, publishAtInstant,
				deadlineInstant, expiresAtInstant, (deadlineInstant != null && zone != null) ? zone.getId() : null,
				countries.isEmpty() ? null : countries, note,
				(blankToNull(this.followsUp) != null) ? this.followsUp.strip() : null);
	}

	/**
	 * The form field a problem the alert service reported belongs to.
	 * @param path the service's field path, e.g. {@code content.en.title} or
	 * {@code actions[1].target.phones[0]}
	 * @return the form's field name, e.g. {@code actions[2].target.phones} when the
	 * second action came from the form's third row
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
		if (path.startsWith("residenceCountries")) {
			return "residenceCountries";
		}
		if (path.startsWith("deadlineTimeZone")) {
			return "timeZone";
		}
		if (path.startsWith("changeNote")) {
			return "changeNote";
		}
		if (path.startsWith("actions[")) {
			int index = Integer.parseInt(path.substring("actions[".length(), path.indexOf(']')));
			if (index >= this.rowOfAction.size()) {
				return "actions";
			}
			return actionField(this.rowOfAction.get(index), path.substring(path.indexOf(']') + 1));
		}
		return path;
	}

	/**
	 * The field of a row a problem belongs to: list indices dropped, and a short text's
	 * language too ({@code .target.title.es} is the row's {@code target.title}).
	 */
	static String actionField(int row, String rest) {
		List<String> segments = new ArrayList<>(
				Arrays.stream(INDEX.matcher(rest).replaceAll("").split("\\.")).filter((s) -> !s.isEmpty()).toList());
		if (segments.size() >= 2 && LOCALIZED.contains(segments.get(segments.size() - 2))) {
			segments.removeLast();
		}
		if (segments.size() == 1 && Set.of("label", "note").contains(segments.getFirst())) {
			segments.set(0, "text");
		}
		return "actions[" + row + "]" + (segments.isEmpty() ? "" : "." + String.join(".", segments));
	}

	static @Nullable LocalizedText localized(@Nullable Map<String, String> texts, String defaultLanguage) {
		if (texts == null) {
			return null;
		}
		Map<String, String> given = new TreeMap<>();
		texts.forEach((tag, text) -> {
			if (blankToNull(tag) != null && blankToNull(text) != null) {
				given.put(tag.strip(), text.strip());
			}
		});
		if (given.isEmpty()) {
			return null;
		}
		if (given.size() == 1 && (given.containsKey(defaultLanguage) || given.containsKey(LocalizedText.UNTAGGED))) {
			return LocalizedText.of(given.values().iterator().next());
		}
		return new LocalizedText(given);
	}

	static Map<String, String> texts(@Nullable LocalizedText text, String defaultLanguage) {
		Map<String, String> texts = new LinkedHashMap<>();
		if (text != null) {
			text.byLanguage()
				.forEach((tag, words) -> texts.put(tag.equals(LocalizedText.UNTAGGED) ? defaultLanguage : tag, words));
		}
		return texts;
	}

	static List<String> list(@Nullable String text, boolean upper) {
		if (text == null) {
			return List.of();
		}
		return Arrays.stream(text.split("[,\\n]"))
			.map(String::strip)
			.filter((item) -> !item.isEmpty())
			.map((item) -> upper ? item.toUpperCase(Locale.ROOT) : item)
			.toList();
	}

	static List<String> lines(@Nullable String text) {
		return (text != null) ? text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList() : List.of();
	}

	static @Nullable ZoneId zone(String field, @Nullable String text, Map<String, String> problems) {
		try {
			return ZoneId.of(blankToNull(text) != null ? text.strip() : "UTC");
		}
		catch (DateTimeException ex) {
			problems.put(field, "is not a time zone; write one such as Europe/London or Asia/Almaty");
			return null;
		}
	}

	private static @Nullable Instant instant(String field, @Nullable String text, ZoneId zone,
			Map<String, String> problems) {
		ZonedDateTime time = zoned(field, text, zone, problems);
		return (time != null) ? time.toInstant() : null;
	}

	static @Nullable ZonedDateTime zoned(String field, @Nullable String text, ZoneId zone,
			Map<String, String> problems) {
		if (blankToNull(text) == null) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.strip()).truncatedTo(ChronoUnit.MINUTES).atZone(zone);
		}
		catch (DateTimeException ex) {
			problems.put(field, "is not a date and time; write it as 2026-12-01T18:00");
			return null;
		}
	}

	static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	static String nullToEmpty(@Nullable String text) {
		return (text != null) ? text : "";
	}

	private static Map<String, String> actionKinds() {
		Map<String, String> kinds = new LinkedHashMap<>();
		kinds.put("sign-petition", "Sign a petition");
		kinds.put("write", "Write to someone");
		kinds.put("phone", "Phone someone");
		kinds.put("embassy-protest", "Protest to the embassy");
		kinds.put("attend", "Come to an event");
		kinds.put("share", "Share a link");
		return Collections.unmodifiableMap(kinds);
	}

	public void setPetitionUrl(@Nullable String petitionUrl) {
		this.legacyPetition.setUrl(petitionUrl);
	}

	public void setPetitionLabel(@Nullable String petitionLabel) {
		this.legacyPetition.getText().put(LocalizedText.UNTAGGED, nullToEmpty(petitionLabel));
	}

	public void setTargetName(@Nullable String targetName) {
		this.legacyLetter.getTarget().setName(targetName);
	}

	public void setTargetTitle(@Nullable String targetTitle) {
		this.legacyLetter.getTarget().getTitle().put(LocalizedText.UNTAGGED, nullToEmpty(targetTitle));
	}

	public void setTargetOrganisation(@Nullable String targetOrganisation) {
		this.legacyLetter.getTarget().getOrganisation().put(LocalizedText.UNTAGGED, nullToEmpty(targetOrganisation));
	}

	public void setTargetEmail(@Nullable String targetEmail) {
		this.legacyLetter.getTarget().setEmails(targetEmail);
	}

	public void setTargetAddress(@Nullable String targetAddress) {
		this.legacyLetter.getTarget().setPostalAddress(targetAddress);
	}

	public List<ActionFields> getActions() {
		return this.actions;
	}

	public void setActions(List<ActionFields> actions) {
		this.actions = actions;
	}

	public @Nullable String getExpiresAt() {
		return this.expiresAt;
	}

	public void setExpiresAt(@Nullable String expiresAt) {
		this.expiresAt = expiresAt;
	}

	public @Nullable String getResidenceCountries() {
		return this.residenceCountries;
	}

	public void setResidenceCountries(@Nullable String residenceCountries) {
		this.residenceCountries = residenceCountries;
	}

	public @Nullable String getFollowsUp() {
		return this.followsUp;
	}

	public void setFollowsUp(@Nullable String followsUp) {
		this.followsUp = followsUp;
	}

	public Map<String, String> getChangeNotes() {
		return this.changeNotes;
	}

	public void setChangeNotes(Map<String, String> changeNotes) {
		this.changeNotes = changeNotes;
	}

	public List<ReaderFields> getReaders() {
		return this.readers;
	}

	public void setReaders(List<ReaderFields> readers) {
		this.readers = readers;
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
