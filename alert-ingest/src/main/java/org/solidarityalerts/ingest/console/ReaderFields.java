package org.solidarityalerts.ingest.console;

import org.jspecify.annotations.Nullable;

/**
 * A reader the compose page previews the unsaved draft for: their language, the country
 * they live in and their time zone. A reader without a language is not previewed.
 */
public class ReaderFields {

	private @Nullable String language;

	private @Nullable String residenceCountry;

	private String timeZone = "UTC";

	public ReaderFields() {
	}

	ReaderFields(@Nullable String language) {
		this.language = language;
	}

	public @Nullable String getLanguage() {
		return this.language;
	}

	public void setLanguage(@Nullable String language) {
		this.language = language;
	}

	public @Nullable String getResidenceCountry() {
		return this.residenceCountry;
	}

	public void setResidenceCountry(@Nullable String residenceCountry) {
		this.residenceCountry = residenceCountry;
	}

	public String getTimeZone() {
		return this.timeZone;
	}

	public void setTimeZone(String timeZone) {
		this.timeZone = timeZone;
	}

}
