package org.solidarityalerts.ingest.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Target;

import static org.solidarityalerts.ingest.console.AlertForm.blankToNull;

/**
 * The fields of a person or office to write to or phone, as the form posts them: names,
 * addresses and numbers once (lists one per line), short texts once per language, and the
 * person to write through ({@code via}), who has no {@code via} of their own.
 */
public class TargetFields {

	private @Nullable String name;

	private Map<String, String> title = new LinkedHashMap<>();

	private Map<String, String> organisation = new LinkedHashMap<>();

	private @Nullable String postalAddress;

	private @Nullable String emails;

	private @Nullable String phones;

	private @Nullable String faxes;

	private Map<String, String> salutation = new LinkedHashMap<>();

	private @Nullable String preferredLanguages;

	private Map<String, String> note = new LinkedHashMap<>();

	private @Nullable TargetFields via;

	static TargetFields of(@Nullable Target target, String defaultLanguage) {
		TargetFields fields = new TargetFields();
		if (target == null) {
			return fields;
		}
		fields.name = target.name();
		fields.title = AlertForm.texts(target.title(), defaultLanguage);
		fields.organisation = AlertForm.texts(target.organisation(), defaultLanguage);
		fields.postalAddress = String.join("\n", target.postalAddress());
		fields.emails = String.join("\n", target.emails());
		fields.phones = String.join("\n", target.phones());
		fields.faxes = String.join("\n", target.faxes());
		fields.salutation = AlertForm.texts(target.salutation(), defaultLanguage);
		fields.preferredLanguages = String.join(", ", target.preferredLanguages());
		fields.note = AlertForm.texts(target.note(), defaultLanguage);
		fields.via = (target.via() != null) ? of(target.via(), defaultLanguage) : null;
		return fields;
	}

	@Nullable Target toTarget(String defaultLanguage, boolean withVia) {
		if (isBlank()) {
			return null;
		}
		TargetFields through = (withVia && this.via != null && !this.via.isBlank()) ? this.via : null;
		return new Target(blankToNull(this.name) != null ? this.name.strip() : null,
				AlertForm.localized(this.title, defaultLanguage),
				AlertForm.localized(this.organisation, defaultLanguage), AlertForm.lines(this.postalAddress),
				AlertForm.lines(this.emails), AlertForm.lines(this.phones), AlertForm.lines(this.faxes),
				AlertForm.localized(this.salutation, defaultLanguage), AlertForm.list(this.preferredLanguages, false),
				(through != null) ? through.toTarget(defaultLanguage, false) : null,
				AlertForm.localized(this.note, defaultLanguage));
	}

	public boolean isBlank() {
		return blankToNull(this.name) == null && blankToNull(this.postalAddress) == null
				&& blankToNull(this.emails) == null && blankToNull(this.phones) == null
				&& blankToNull(this.faxes) == null && blankToNull(this.preferredLanguages) == null
				&& texts(false)
					.allMatch((texts) -> texts.values().stream().allMatch((text) -> blankToNull(text) == null))
				&& (this.via == null || this.via.isBlank());
	}

	Stream<Map<String, String>> texts(boolean withVia) {
		Stream<Map<String, String>> own = Stream.of(this.title, this.organisation, this.salutation, this.note);
		return (withVia && this.via != null) ? Stream.concat(own, this.via.texts(false)) : own;
	}

	void takeFrom(TargetFields other, String defaultLanguage) {
		if (blankToNull(other.name) != null) {
			this.name = other.name;
		}
		if (blankToNull(other.postalAddress) != null) {
			this.postalAddress = other.postalAddress;
		}
		if (blankToNull(other.emails) != null) {
			this.emails = other.emails;
		}
		merge(other.title, this.title, defaultLanguage);
		merge(other.organisation, this.organisation, defaultLanguage);
	}

	static void merge(Map<String, String> from, Map<String, String> to, String defaultLanguage) {
		from.forEach((tag, text) -> {
			if (blankToNull(text) != null) {
				to.put(tag.equals(org.solidarityalerts.contract.LocalizedText.UNTAGGED) ? defaultLanguage : tag, text);
			}
		});
	}

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public Map<String, String> getTitle() {
		return this.title;
	}

	public void setTitle(Map<String, String> title) {
		this.title = title;
	}

	public Map<String, String> getOrganisation() {
		return this.organisation;
	}

	public void setOrganisation(Map<String, String> organisation) {
		this.organisation = organisation;
	}

	public @Nullable String getPostalAddress() {
		return this.postalAddress;
	}

	public void setPostalAddress(@Nullable String postalAddress) {
		this.postalAddress = postalAddress;
	}

	public @Nullable String getEmails() {
		return this.emails;
	}

	public void setEmails(@Nullable String emails) {
		this.emails = emails;
	}

	public @Nullable String getPhones() {
		return this.phones;
	}

	public void setPhones(@Nullable String phones) {
		this.phones = phones;
	}

	public @Nullable String getFaxes() {
		return this.faxes;
	}

	public void setFaxes(@Nullable String faxes) {
		this.faxes = faxes;
	}

	public Map<String, String> getSalutation() {
		return this.salutation;
	}

	public void setSalutation(Map<String, String> salutation) {
		this.salutation = salutation;
	}

	public @Nullable String getPreferredLanguages() {
		return this.preferredLanguages;
	}

	public void setPreferredLanguages(@Nullable String preferredLanguages) {
		this.preferredLanguages = preferredLanguages;
	}

	public Map<String, String> getNote() {
		return this.note;
	}

	public void setNote(Map<String, String> note) {
		this.note = note;
	}

	/**
	 * The person to write through; blank fields until one is given.
	 * @return their fields
	 */
	public TargetFields getVia() {
		if (this.via == null) {
			this.via = new TargetFields();
		}
		return this.via;
	}

	public void setVia(@Nullable TargetFields via) {
		this.via = via;
	}

}
