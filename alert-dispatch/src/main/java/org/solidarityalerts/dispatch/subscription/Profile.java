package org.solidarityalerts.dispatch.subscription;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.subscriber.Preferences;

import org.springframework.data.mongodb.core.query.Update;

/**
 * What a subscriber tells about themselves, checked: everything but the address.
 *
 * @param name how to greet them, if they said
 * @param residenceCountry where they live, if they said
 * @param languages content languages, best first
 * @param timeZone their time zone, if they said
 * @param preferences what they receive
 */
public record Profile(@Nullable String name, @Nullable String residenceCountry, List<String> languages,
		@Nullable String timeZone, Preferences preferences) {

	/**
	 * The update that writes this profile over a subscriber's.
	 * @return the update of their document
	 */
	public Update asUpdate() {
		return new Update().set("name", this.name)
			.set("residenceCountry", this.residenceCountry)
			.set("languages", this.languages)
			.set("timeZone", this.timeZone)
			.set("preferences", this.preferences);
	}

}
