package org.solidarityalerts.ingest.console;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.Target;

import static org.solidarityalerts.ingest.console.AlertForm.blankToNull;

/**
 * One action's row of the form, for every kind: its kind (by wire name), the fields of
 * that kind, and those every kind has (copies to, residence countries). The fields of the
 * other kinds are ignored. {@code text} is a petition's label, an embassy protest's note
 * or a shared link's text, once per language.
 */
public class ActionFields {

	private String kind = "sign-petition";

	private @Nullable String url;

	private Map<String, String> text = new LinkedHashMap<>();

	private TargetFields target = new TargetFields();

	private Map<String, String> venue = new LinkedHashMap<>();

	private @Nullable String address;

	private @Nullable String start;

	private @Nullable String end;

	private @Nullable String doorsOpen;

	private @Nullable String timeZone;

	private @Nullable String copiesTo;

	private @Nullable String residenceCountries;

	public ActionFields() {
	}

	ActionFields(String kind) {
		this.kind = kind;
	}

	static ActionFields of(Action action, String defaultLanguage) {
		ActionFields fields = new ActionFields();
		switch (action) {
			case Action.SignPetition petition -> {
				fields.kind = "sign-petition";
				fields.url = petition.url();
				fields.text = AlertForm.texts(petition.label(), defaultLanguage);
			}
			case Action.WriteTo write -> {
				fields.kind = "write";
				fields.target = TargetFields.of(write.target(), defaultLanguage);
			}
			case Action.PhoneTarget phone -> {
				fields.kind = "phone";
				fields.target = TargetFields.of(phone.target(), defaultLanguage);
			}
			case Action.ProtestToEmbassy embassy -> {
				fields.kind = "embassy-protest";
				fields.text = AlertForm.texts(embassy.note(), defaultLanguage);
			}
			case Action.Attend attend -> {
				fields.kind = "attend";
				fields.venue = AlertForm.texts(attend.venue(), defaultLanguage);
				fields.address = String.join("\n", attend.address());
				fields.timeZone = attend.timeZone();
				ZoneId zone = zoneOr(attend.timeZone(), attend.start());
				fields.start = local(attend.start(), zone);
				fields.end = local(attend.end(), zone);
				fields.doorsOpen = local(attend.doorsOpen(), zone);
			}
			case Action.ShareLink share -> {
				fields.kind = "share";
				fields.url = share.url();
				fields.text = AlertForm.texts(share.text(), defaultLanguage);
			}
		}
		fields.copiesTo = String.join("\n", action.copiesTo());
		fields.residenceCountries = String.join(", ", action.residenceCountries());
		return fields;
	}

	/**
	 * The action this row describes.
	 * @param field the row's field name, e.g. {@code actions[2]}, for problems
	 * @param defaultLanguage the alert's default language
	 * @param problems where to put what cannot even be read
	 * @return the action, or null when its kind is unknown
	 */
	@Nullable Action toAction(String field, String defaultLanguage, Map<String, String> problems) {
		List<String> copies = AlertForm.lines(this.copiesTo);
		List<String> countries = AlertForm.list(this.residenceCountries, true);
		Target person = this.target.toTarget(defaultLanguage, true);
		return switch (this.kind) {
			case "sign-petition" -> new Action.SignPetition(AlertForm.nullToEmpty(this.url).strip(),
					AlertForm.localized(this.text, defaultLanguage), copies, countries);
			case "write" -> new Action.WriteTo(person, copies, countries);
			case "phone" -> new Action.PhoneTarget(person, copies, countries);
			case "embassy-protest" ->
				new Action.ProtestToEmbassy(AlertForm.localized(this.text, defaultLanguage), copies, countries);
			case "attend" -> attend(field, defaultLanguage, problems, copies, countries);
			case "share" -> new Action.ShareLink(AlertForm.nullToEmpty(this.url).strip(),
					AlertForm.localized(this.text, defaultLanguage), copies, countries);
			default -> {
				problems.put(field + ".kind", "Choose one of the kinds of action.");
				yield null;
			}
		};
	}

	private Action attend(String field, String defaultLanguage, Map<String, String> problems, List<String> copies,
			List<String> countries) {
		String zoneName = blankToNull(this.timeZone);
		ZoneId zone = (zoneName != null) ? AlertForm.zone(field + ".timeZone", zoneName, problems) : null;
		OffsetDateTime startTime = offset(field + ".start", this.start, zone, problems);
		OffsetDateTime endTime = offset(field + ".end", this.end, zone, problems);
		OffsetDateTime doors = offset(field + ".doorsOpen", this.doorsOpen, zone, problems);
		LocalizedText place = AlertForm.localized(this.venue, defaultLanguage);
		return new Action.Attend(place, AlertForm.lines(this.address), startTime, endTime, doors,
				(zone != null) ? zone.getId() : zoneName, copies, countries);
	}

	/**
	 * A local time at the venue; without a usable time zone it is read as UTC, so that
	 * only the time zone is reported missing.
	 */
	private static @Nullable OffsetDateTime offset(String field, @Nullable String text, @Nullable ZoneId zone,
			Map<String, String> problems) {
		ZonedDateTime time = AlertForm.zoned(field, text, (zone != null) ? zone : ZoneOffset.UTC, problems);
		return (time != null) ? time.toOffsetDateTime() : null;
	}

	private static ZoneId zoneOr(@Nullable String zone, @Nullable OffsetDateTime start) {
		try {
			return ZoneId.of(zone);
		}
		catch (RuntimeException ex) {
			return (start != null) ? start.getOffset() : ZoneId.of("UTC");
		}
	}

	private static @Nullable String local(@Nullable OffsetDateTime time, ZoneId zone) {
		return (time != null) ? AlertForm.LOCAL.format(time.atZoneSameInstant(zone)) : null;
	}

	/** Whether nothing but the kind is filled in: the row is then no action. */
	boolean isBlank() {
		return blankToNull(this.url) == null && blankToNull(this.address) == null && blankToNull(this.start) == null
				&& blankToNull(this.end) == null && blankToNull(this.doorsOpen) == null
				&& blankToNull(this.timeZone) == null && blankToNull(this.copiesTo) == null
				&& blankToNull(this.residenceCountries) == null && this.target.isBlank()
				&& Stream.of(this.text, this.venue)
					.allMatch((texts) -> texts.values().stream().allMatch((words) -> blankToNull(words) == null));
	}

	/** Every short text of the row, by language. */
	Stream<Map<String, String>> texts() {
		return Stream.concat(Stream.of(this.text, this.venue), this.target.texts(true));
	}

	void takeFrom(ActionFields other, String defaultLanguage) {
		if (blankToNull(other.url) != null) {
			this.url = other.url;
		}
		TargetFields.merge(other.text, this.text, defaultLanguage);
		this.target.takeFrom(other.target, defaultLanguage);
	}

	void clear() {
		this.url = null;
		this.text = new LinkedHashMap<>();
		this.target = new TargetFields();
	}

	public String getKind() {
		return this.kind;
	}

	public void setKind(String kind) {
		this.kind = kind;
	}

	/**
	 * What the page calls this row's kind.
	 * @return the kind's name
	 */
	public String getKindName() {
		return AlertForm.ACTION_KINDS.getOrDefault(this.kind, this.kind);
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public Map<String, String> getText() {
		return this.text;
	}

	public void setText(Map<String, String> text) {
		this.text = text;
	}

	public TargetFields getTarget() {
		return this.target;
	}

	public void setTarget(TargetFields target) {
		this.target = target;
	}

	public Map<String, String> getVenue() {
		return this.venue;
	}

	public void setVenue(Map<String, String> venue) {
		this.venue = venue;
	}

	public @Nullable String getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable String address) {
		this.address = address;
	}

	public @Nullable String getStart() {
		return this.start;
	}

	public void setStart(@Nullable String start) {
		this.start = start;
	}

	public @Nullable String getEnd() {
		return this.end;
	}

	public void setEnd(@Nullable String end) {
		this.end = end;
	}

	public @Nullable String getDoorsOpen() {
		return this.doorsOpen;
	}

	public void setDoorsOpen(@Nullable String doorsOpen) {
		this.doorsOpen = doorsOpen;
	}

	public @Nullable String getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(@Nullable String timeZone) {
		this.timeZone = timeZone;
	}

	public @Nullable String getCopiesTo() {
		return this.copiesTo;
	}

	public void setCopiesTo(@Nullable String copiesTo) {
		this.copiesTo = copiesTo;
	}

	public @Nullable String getResidenceCountries() {
		return this.residenceCountries;
	}

	public void setResidenceCountries(@Nullable String residenceCountries) {
		this.residenceCountries = residenceCountries;
	}

}
