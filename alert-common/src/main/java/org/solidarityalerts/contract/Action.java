package org.solidarityalerts.contract;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;

/**
 * One concrete thing that a reader is asked to do. Actions are structured so that
 * dispatch can render each as a step, and resolve an embassy protest to the embassy in
 * each subscriber's own country.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(Action.SignPetition.class), @JsonSubTypes.Type(Action.WriteTo.class),
		@JsonSubTypes.Type(Action.PhoneTarget.class), @JsonSubTypes.Type(Action.ProtestToEmbassy.class),
		@JsonSubTypes.Type(Action.Attend.class), @JsonSubTypes.Type(Action.ShareLink.class) })
public sealed interface Action {

	/**
	 * Sign a petition online.
	 *
	 * @param url the petition's https address
	 * @param label what the petition asks for
	 */
	@JsonTypeName("sign-petition")
	record SignPetition(String url, @Nullable String label) implements Action {
	}

	/**
	 * Write a letter or an e-mail to a target.
	 *
	 * @param target who to write to
	 */
	@JsonTypeName("write")
	record WriteTo(Target target) implements Action {
	}

	/**
	 * Phone a target.
	 *
	 * @param target who to call; its phone number is required
	 */
	@JsonTypeName("phone")
	record PhoneTarget(Target target) implements Action {
	}

	/**
	 * Protest to the embassy of the alert's subject country in the subscriber's own
	 * country of residence, resolved per subscriber at dispatch time.
	 *
	 * @param note what to ask of the embassy, in the alert's default language
	 */
	@JsonTypeName("embassy-protest")
	record ProtestToEmbassy(@Nullable String note) implements Action {
	}

	/**
	 * Come to a protest or meeting.
	 *
	 * @param venue the place's name
	 * @param address its address
	 * @param start when it starts, with its offset
	 * @param end when it ends, with its offset, if known
	 * @param timeZone the IANA time zone of the venue, e.g. {@code Europe/London}
	 */
	@JsonTypeName("attend")
	record Attend(String venue, String address, OffsetDateTime start, @Nullable OffsetDateTime end,
			String timeZone) implements Action {
	}

	/**
	 * Share a link with others.
	 *
	 * @param url the https address to share
	 * @param text a suggested accompanying text
	 */
	@JsonTypeName("share")
	record ShareLink(String url, @Nullable String text) implements Action {
	}

}
