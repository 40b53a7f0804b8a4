package org.solidarityalerts.dispatch.mail;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Everything one subscriber's e-mail shows, already in their language and time zone; the
 * templates only lay it out.
 * <p>
 * Public, as is {@link Step}, for the templates alone: they read it through SpEL, which
 * looks a non-public type's accessors up on its public supertype,
 * {@code java.lang.Record}, where none is found, throwing an exception at every read of
 * every layout rendered.
 *
 * @param language the language of the content shown (BCP 47)
 * @param words the language of the service's own words, the reader's (BCP 47)
 * @param direction the direction of the service's words: {@code ltr} or {@code rtl}
 * @param contentDirection the direction of the content's language
 * @param greeting the opening line, with their name if they gave one
 * @param changeNote what changed, shown first in an update, if the organiser said
 * @param followsUp the sentence naming the earlier alert this one follows up, if any
 * @param title the alert's title
 * @param summary what is happening and what to do
 * @param bodyHtml the alert's full text, sanitised HTML
 * @param bodyText the alert's full text, as plain text
 * @param deadline the deadline made concrete ("Act before Tuesday 25 November: 3 days
 * left"), if there is one
 * @param steps the actions, as numbered steps
 * @param suggestedMessage text to copy and adapt
 * @param campaign the campaign's name
 * @param reason why they receive it
 * @param preferencesUrl where to change what they receive
 * @param unsubscribeUrl where to leave with one click
 */
public record AlertMail(String language, String words, String direction, String contentDirection, String greeting,
		@Nullable String changeNote, @Nullable String followsUp, String title, String summary,
		@Nullable String bodyHtml, @Nullable String bodyText, @Nullable String deadline, List<Step> steps,
		@Nullable String suggestedMessage, String campaign, String reason, String preferencesUrl,
		String unsubscribeUrl) {

	/**
	 * One action as a step.
	 *
	 * @param heading what to do
	 * @param lines the details: an address, a number, a time
	 * @param link a link to follow, if any
	 * @param acted the reader's "I did this" link for the action, if the e-mail has one
	 */
	public record Step(String heading, List<String> lines, @Nullable String link, @Nullable String acted) {
	}

}
