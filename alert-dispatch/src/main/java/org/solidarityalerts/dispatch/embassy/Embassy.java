package org.solidarityalerts.dispatch.embassy;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The embassy of one country in another.
 *
 * @param id {@code <subject country>:<residence country>}, e.g. {@code KZ:GB}
 * @param subjectCountry the country the embassy represents (ISO 3166-1 alpha-2)
 * @param residenceCountry the country it is in
 * @param name its name, e.g. "Embassy of the Republic of Kazakhstan"
 * @param postalAddress its address, one line per element
 * @param email its e-mail address
 * @param phone its phone number
 * @param salutation how to open a letter to it
 */
@Document("embassies")
public record Embassy(@Id String id, String subjectCountry, String residenceCountry, String name,
		List<String> postalAddress, @Nullable String email, @Nullable String phone, @Nullable String salutation) {

	public Embassy {
		postalAddress = (postalAddress != null) ? List.copyOf(postalAddress) : List.of();
	}

	static String idOf(String subjectCountry, String residenceCountry) {
		return subjectCountry + ":" + residenceCountry;
	}

}
