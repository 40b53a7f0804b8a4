package org.solidarityalerts.contract;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;

/**
 * One concrete thing that a reader is asked to do. Actions are structured so that
 * dispatch can render each as a step in the reader's language, and resolve an embassy
 * protest to the embassy in each subscriber's own country. Every kind may ask for copies
 * to be sent (to the campaign, say) and may be limited to readers living in given
 * countries (a protest in London is not for readers in Spain).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(Action.SignPetition.class), @JsonSubTypes.Type(Action.WriteTo.class),
		@JsonSubTypes.Type(Action.PhoneTarget.class), @JsonSubTypes.Type(Action.ProtestToEmbassy.class),
		@JsonSubTypes.Type(Action.Attend.class), @JsonSubTypes.Type(Action.ShareLink.class) })
public sealed interface Action {

	/**
	 * E-mail addresses that should receive a copy of what the reader sends, such as the
	 * campaign's own.
	 * @return the addresses, possibly none
	 */
	List<String> copiesTo();

	/**
	 * The countries of residence (ISO 3166-1 alpha-2) of the readers this action is shown
	 * to; none for every reader.
	 * @return the countries, possibly none
	 */
	List<String> residenceCountries();

	/**
	 * Whether a reader living in the given country is shown this action.
	 * @param residenceCountry the reader's country of residence, if known
	 * @return true if the action is for everyone or for that country
	 */
	default boolean isFor(@Nullable String residenceCountry) {
		return residenceCountries().isEmpty()
				|| (residenceCountry != null && residenceCountries().contains(residenceCountry));
	}

	private static List<String> copy(@Nullable List<String> list) {
		return (list != null) ? List.copyOf(list) : List.of();
	}

	/**
	 * Sign a petition online.
	 *
	 * @param url the petition's https address
	 * @param label what the petition asks for
	 * @param copiesTo addresses to copy
	 * @param residenceCountries the readers' countries it is for; none for all
	 */
	@JsonTypeName("sign-petition")
	record SignPetition(String url, @Nullable LocalizedText label, List<String> copiesTo,
			List<String> residenceCountries) implements Action {

		public SignPetition {
			copiesTo = copy(copiesTo);
			residenceCountries = copy(residenceCountries);
		}

		public SignPetition(String url, @Nullable String label) {
			this(url, LocalizedText.ofNullable(label), List.of(), List.of());
		}

	}

	/**
	 * Write a letter, an e-mail or a fax to a target.
	 *
	 * @param target who to write to
	 * @param copiesTo addresses to copy (schema version 1 had them on the target)
	 * @param residenceCountries the readers' countries it is for; none for all
	 */
	@JsonTypeName("write")
	record WriteTo(Target target, List<String> copiesTo, List<String> residenceCountries) implements Action {

		public WriteTo {
			copiesTo = copy(copiesTo);
			residenceCountries = copy(residenceCountries);
		}

		public WriteTo(Target target) {
			this(target, List.of(), List.of());
		}

	}

	/**
	 * Phone a target.
	 *
	 * @param target who to call; at least one phone number is required
	 * @param copiesTo addresses to tell of the call
	 * @param residenceCountries the readers' countries it is for; none for all
	 */
	@JsonTypeName("phone")
	record PhoneTarget(Target target, List<String> copiesTo, List<String> residenceCountries) implements Action {

		public PhoneTarget {
			copiesTo = copy(copiesTo);
			residenceCountries = copy(residenceCountries);
		}

		public PhoneTarget(Target target) {
			this(target, List.of(), List.of());
		}

	}

	/**
	 * Protest to the embassy of the alert's subject country in the subscriber's own
	 * country of residence, resolved per subscriber at dispatch time.
	 *
	 * @param note what to ask of the embassy
	 * @param copiesTo addresses to copy the protest to
	 * @param residenceCountries the readers' countries it is for; none for all
	 */
	@JsonTypeName("embassy-protest")
	record ProtestToEmbassy(@Nullable LocalizedText note, List<String> copiesTo,
			List<String> residenceCountries) implements Action {

		public ProtestToEmbassy {
			copiesTo = copy(copiesTo);
			residenceCountries = copy(residenceCountries);
		}

		public ProtestToEmbassy(@Nullable String note) {
			this(LocalizedText.ofNullable(note), List.of(), List.of());
		}

	}

	/**
	 * Come to a protest or meeting.
	 *
	 * @param venue the place's name
	 * @param address its address, one line per element (schema version 1: one line)
	 * @param start when it starts, with its offset
	 * @param end when it ends, with its offset, if known
	 * @param doorsOpen when people may arrive, if it is not the start
	 * @param timeZone the IANA time zone of the venue, e.g. {@code Europe/London}
	 * @param copiesTo addresses to tell of it
	 * @param residenceCountries the readers' countries it is for; none for all
	 */
	@JsonTypeName("attend")
	record Attend(LocalizedText venue,
			@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> address,
			OffsetDateTime start, @Nullable OffsetDateTime end, @Nullable OffsetDateTime doorsOpen, String timeZone,
			List<String> copiesTo, List<String> residenceCountries) implements Action {

		public Attend {
			address = copy(address);
			copiesTo = copy(copiesTo);
			residenceCountries = copy(residenceCountries);
		}

		public Attend(String venue, String address, OffsetDateTime start, @Nullable OffsetDateTime end,
				String timeZone) {
			this(LocalizedText.of(venue), List.of(address), start, end, null, timeZone, List.of(), List.of());
		}

	}

	/**
	 * Share a link with others.
	 *
	 * @param url the https address to share
	 * @param text a suggested accompanying text
	 * @param copiesTo addresses to copy
	 * @param residenceCountries the readers' countries it is for; none for all
	 */
	@JsonTypeName("share")
	record ShareLink(String url, @Nullable LocalizedText text, List<String> copiesTo,
			List<String> residenceCountries) implements Action {

		public ShareLink {
			copiesTo = copy(copiesTo);
			residenceCountries = copy(residenceCountries);
		}

		public ShareLink(String url, @Nullable String text) {
			this(url, LocalizedText.ofNullable(text), List.of(), List.of());
		}

	}

}
