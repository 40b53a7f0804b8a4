package org.solidarityalerts.dispatch.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonTypeName;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.BodyMarkup;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.mail.AlertMail.Step;
import org.solidarityalerts.dispatch.subscriber.Recipient;

import org.springframework.context.MessageSource;

/**
 * What a reader gets of an alert version: the content in their language (else the alert's
 * default), the service's words in theirs, the deadline in their time zone and locale,
 * and the actions for their country of residence as steps, with their embassy when it is
 * known. Knows nothing of templates or MIME.
 */
final class AlertContent {

	/**
	 * Each action type's id, read from its annotation once per type: it is asked for
	 * every action of every e-mail.
	 */
	private static final ClassValue<String> KINDS = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			JsonTypeName name = type.getAnnotation(JsonTypeName.class);
			return (name != null) ? name.value() : "other";
		}

	};

	/**
	 * Stands for a reader's name while a greeting is formatted: a noncharacter, which no
	 * pattern holds.
	 */
	private static final String NAME_MARK = "\uFFFF";

	private final MessageSource messages;

	AlertContent(MessageSource messages) {
		this.messages = messages;
	}

	AlertMail view(AlertSnapshot alert, String greeting, @Nullable Embassy embassy, String language, Locale locale,
			@Nullable String residenceCountry, @Nullable String deadline, @Nullable String changeNote,
			String preferencesUrl, String unsubscribeUrl, ActedLinks acted) {
		LocalizedContent content = alert.contentFor(List.of(language));
		String bodyHtml = (content.body() != null) ? BodyMarkup.sanitize(content.body()) : null;
		String bodyText = (bodyHtml != null) ? PlainText.of(bodyHtml) : null;
		return new AlertMail(language, words(locale), ServiceWords.direction(locale),
				ServiceWords.direction(Locale.forLanguageTag(language)), greeting, changeNote,
				followsUp(alert, language, locale), content.title(), content.summary(), bodyHtml, bodyText, deadline,
				steps(alert, embassy, language, locale, residenceCountry, acted), content.suggestedMessage(),
				alert.campaign().name(), message("reason", locale, alert.campaign().name()), preferencesUrl,
				unsubscribeUrl);
	}

	@Nullable String followsUp(AlertSnapshot alert, String language, Locale locale) {
		if (alert.followsUp() == null) {
			return null;
		}
		LocalizedText title = alert.followsUp().title();
		return (title != null) ? message("follows-up", locale, title.in(language, alert.defaultLanguage()))
				: message("follows-up.untitled", locale);
	}

	/**
	 * The locale that dates and numbers are written in: the reader's language, in their
	 * country of residence unless the language names a region (en-GB: 16 December; en-US:
	 * December 16).
	 */
	static Locale readerLocale(String language, @Nullable String residenceCountry) {
		Locale locale = Locale.forLanguageTag(language);
		if (locale.getCountry().isEmpty() && residenceCountry != null) {
			try {
				return new Locale.Builder().setLocale(locale).setRegion(residenceCountry).build();
			}
			catch (IllformedLocaleException ex) {
				return locale;
			}
		}
		return locale;
	}

	AlertMail cancellation(AlertEvent.AlertCancelled cancelled, String greeting, String language, Locale locale,
			String preferencesUrl, String unsubscribeUrl) {
		AlertSnapshot alert = cancelled.alert();
		String reason = cancelled.reason()
			.getOrDefault(language, cancelled.reason().getOrDefault(alert.defaultLanguage(), ""));
		return new AlertMail(language, words(locale), ServiceWords.direction(locale),
				ServiceWords.direction(Locale.forLanguageTag(language)), greeting, null,
				followsUp(alert, language, locale),
				message("subject.cancelled", locale, alert.contentFor(List.of(language)).title()), reason, null, null,
				null, List.of(), null, alert.campaign().name(), message("reason", locale, alert.campaign().name()),
				preferencesUrl, unsubscribeUrl);
	}

	/**
	 * An action's kind, as the contract names it on the wire ({@code write},
	 * {@code attend}, {@code embassy-protest}, ...).
	 * @param action an action
	 * @return its type id
	 */
	static String kindOf(Action action) {
		return KINDS.get(action.getClass());
	}

	/**
	 * The "I did this" link of each action of an e-mail, or none.
	 */
	@FunctionalInterface
	interface ActedLinks {

		/** An e-mail without "I did this" links. */
		ActedLinks NONE = (action, kind) -> null;

		/**
		 * The link of one action.
		 * @param action the action's index in the alert's actions
		 * @param kind the action's kind
		 * @return the link, or null for none
		 */
		@Nullable String of(int action, String kind);

	}

	static AlertMail retitled(AlertMail mail, String title) {
		return new AlertMail(mail.language(), mail.words(), mail.direction(), mail.contentDirection(), mail.greeting(),
				mail.changeNote(), mail.followsUp(), title, mail.summary(), mail.bodyHtml(), mail.bodyText(),
				mail.deadline(), mail.steps(), mail.suggestedMessage(), mail.campaign(), mail.reason(),
				mail.preferencesUrl(), mail.unsubscribeUrl());
	}

	String greeting(Recipient recipient, Locale locale) {
		return greeting(locale).to(recipient);
	}

	/**
	 * A locale's greetings, worked out once for all the readers who share it: formatting
	 * the pattern for each reader cost a fan-out's sending threads a few hundredths of
	 * their time (docs/performance-log.md).
	 * @param locale the reader's locale
	 * @return the greetings
	 */
	Greeting greeting(Locale locale) {
		String marked = message("greeting.named", locale, NAME_MARK);
		return new Greeting(List.of(marked.split(Pattern.quote(NAME_MARK), -1)), message("greeting.anonymous", locale));
	}

	@Nullable String changeNote(AlertSnapshot alert, String language) {
		return (alert.changeNote() != null) ? alert.changeNote().in(language, alert.defaultLanguage()) : null;
	}

	/**
	 * The deadline in the reader's time zone and locale, with the days left; with its
	 * time when the organiser gave the deadline's own zone, and that zone's time too when
	 * the reader's clock shows another.
	 */
	@Nullable String deadline(AlertSnapshot alert, Locale locale, ZoneId zone, Instant now) {
		Instant deadline = alert.deadline();
		if (deadline == null) {
			return null;
		}
		ZonedDateTime readers = deadline.atZone(zone);
		long days = Math.max(0, ChronoUnit.DAYS.between(now.atZone(zone).toLocalDate(), readers.toLocalDate()));
		// Plural forms follow the language's CLDR rules: ICU's message format picks them.
		String daysLeft = message("days-left", locale, days);
		ReaderDates dates = ReaderDates.of(locale);
		if (alert.deadlineTimeZone() == null) {
			return message("deadline", locale, dates.date(readers), daysLeft);
		}
		ZoneId original = zone(alert.deadlineTimeZone());
		ZonedDateTime there = deadline.atZone(original);
		String at = dates.dateTime(readers);
		if (there.toLocalDateTime().equals(readers.toLocalDateTime())) {
			return message("deadline.zoned", locale, at, zone.getDisplayName(TextStyle.FULL, locale), daysLeft);
		}
		return message("deadline.elsewhere", locale, at, zone.getDisplayName(TextStyle.FULL, locale),
				dates.dateTime(there), original.getDisplayName(TextStyle.FULL, locale), daysLeft);
	}

	private List<Step> steps(AlertSnapshot alert, @Nullable Embassy embassy, String language, Locale locale,
			@Nullable String residenceCountry, ActedLinks acted) {
		Texts texts = new Texts(language, alert.defaultLanguage());
		List<Step> steps = new ArrayList<>();
		for (int index = 0; index < alert.actions().size(); index++) {
			Action action = alert.actions().get(index);
			if (!action.isFor(residenceCountry)) {
				continue;
			}
			Step step = switch (action) {
				case Action.SignPetition petition -> new Step(message("step.petition", locale),
						optional(texts.of(petition.label())), petition.url(), null);
				case Action.WriteTo write -> new Step(message("step.write", locale, who(write.target(), texts)),
						targetLines(write.target(), true, texts, locale), null, null);
				case Action.PhoneTarget phone -> new Step(message("step.phone", locale, who(phone.target(), texts)),
						targetLines(phone.target(), false, texts, locale), null, null);
				case Action.ProtestToEmbassy protest -> embassyStep(alert, protest, embassy, texts, locale);
				case Action.Attend attend -> new Step(message("step.attend", locale, texts.of(attend.venue())),
						eventLines(attend, locale), null, null);
				case Action.ShareLink share ->
					new Step(message("step.share", locale), optional(texts.of(share.text())), share.url(), null);
			};
			if (!action.copiesTo().isEmpty()) {
				List<String> lines = new ArrayList<>(step.lines());
				lines.add(message("label.copies", locale, String.join(", ", action.copiesTo())));
				step = new Step(step.heading(), lines, step.link(), null);
			}
			steps.add(new Step(step.heading(), step.lines(), step.link(), acted.of(index, kindOf(action))));
		}
		return steps;
	}

	/**
	 * When an event is, in the venue's time zone (people come to the venue): the date
	 * with its year, start and end, and the doors' opening.
	 */
	private List<String> eventLines(Action.Attend attend, Locale locale) {
		ZoneId venue = zone(attend.timeZone());
		ReaderDates dates = ReaderDates.of(locale);
		ZonedDateTime start = attend.start().atZoneSameInstant(venue);
		String zoneName = venue.getDisplayName(TextStyle.FULL, locale);
		List<String> lines = new ArrayList<>(attend.address());
		if (attend.end() == null) {
			lines.add(message("event.from", locale, dates.date(start), dates.time(start), zoneName));
		}
		else {
			ZonedDateTime end = attend.end().atZoneSameInstant(venue);
			lines.add(end.toLocalDate().equals(start.toLocalDate())
					? message("event.from-to", locale, dates.date(start), dates.time(start), dates.time(end), zoneName)
					: message("event.from-until", locale, dates.date(start), dates.time(start), dates.date(end),
							dates.time(end), zoneName));
		}
		if (attend.doorsOpen() != null) {
			lines.add(message("event.doors", locale, dates.time(attend.doorsOpen().atZoneSameInstant(venue))));
		}
		return lines;
	}

	private Step embassyStep(AlertSnapshot alert, Action.ProtestToEmbassy protest, @Nullable Embassy embassy,
			Texts texts, Locale locale) {
		String country = countryName(alert.subjectCountry(), locale);
		List<String> lines = new ArrayList<>();
		if (embassy == null) {
			lines.add(message("step.embassy.generic", locale, country));
		}
		else {
			lines.add(embassy.name());
			lines.addAll(embassy.postalAddress());
			if (embassy.email() != null) {
				lines.add(message("label.email", locale, embassy.email()));
			}
			if (embassy.phone() != null) {
				lines.add(message("label.phone", locale, embassy.phone()));
			}
			if (embassy.salutation() != null) {
				lines.add(message("label.salutation", locale, embassy.salutation()));
			}
		}
		if (protest.note() != null) {
			lines.add(texts.of(protest.note()));
		}
		String heading = (embassy != null)
				? message("step.embassy.known", locale, country, countryName(embassy.residenceCountry(), locale))
				: message("step.embassy", locale, country);
		return new Step(heading, lines, null, null);
	}

	/**
	 * Everything known of a target; a letter's salutation only for a letter.
	 */
	private List<String> targetLines(Target target, boolean letter, Texts texts, Locale locale) {
		List<String> lines = new ArrayList<>(target.postalAddress());
		if (!target.emails().isEmpty()) {
			lines.add(message("label.email", locale, String.join(", ", target.emails())));
		}
		if (!target.phones().isEmpty()) {
			lines.add(message("label.phone", locale, String.join(", ", target.phones())));
		}
		if (!target.faxes().isEmpty()) {
			lines.add(message("label.fax", locale, String.join(", ", target.faxes())));
		}
		if (letter && target.salutation() != null) {
			lines.add(message("label.salutation", locale, texts.of(target.salutation())));
		}
		if (!target.preferredLanguages().isEmpty()) {
			lines.add(message("label.languages", locale, String.join(", ",
					target.preferredLanguages().stream().map((tag) -> languageName(tag, locale)).toList())));
		}
		if (target.note() != null) {
			lines.add(texts.of(target.note()));
		}
		if (target.via() != null) {
			lines.add(message("label.via", locale, who(target.via(), texts)));
			for (String line : targetLines(target.via(), letter, texts, locale)) {
				lines.add("  " + line);
			}
		}
		return lines;
	}

	private static String who(Target target, Texts texts) {
		List<String> parts = new ArrayList<>();
		for (String part : new String[] { texts.of(target.title()), target.name(), texts.of(target.organisation()) }) {
			if (part != null && !part.isBlank()) {
				parts.add(part);
			}
		}
		return String.join(", ", parts);
	}

	private static List<String> optional(@Nullable String line) {
		return (line != null) ? List.of(line) : List.of();
	}

	private static String languageName(String tag, Locale locale) {
		Locale language = Locale.forLanguageTag(tag);
		// A bare language's display name is its language's name; getDisplayName would get
		// there through a MessageFormat whose parsing throws and catches an exception at
		// every call.
		String name = (language.getScript().isEmpty() && language.getCountry().isEmpty()
				&& language.getVariant().isEmpty()) ? language.getDisplayLanguage(locale)
						: language.getDisplayName(locale);
		return name.isEmpty() ? tag : name.substring(0, 1).toUpperCase(locale) + name.substring(1);
	}

	/**
	 * Picks each translatable text of an action in the reader's content language, with
	 * the content's fallback.
	 */
	private record Texts(String language, String defaultLanguage) {

		@Nullable String of(@Nullable LocalizedText text) {
			return (text != null) ? text.in(this.language, this.defaultLanguage) : null;
		}

	}

	/**
	 * A locale's greeting to a reader by name, as the text around where the name goes
	 * (the name inserted as the message format inserts it, isolated in a right-to-left
	 * language), and the greeting to a reader without one.
	 *
	 * @param aroundName the named greeting's text before, between and after the name
	 * @param anonymous the greeting without a name
	 */
	record Greeting(List<String> aroundName, String anonymous) {

		/**
		 * The greeting to a reader.
		 * @param recipient the reader
		 * @return their greeting
		 */
		String to(Recipient recipient) {
			String name = recipient.name();
			return (name != null && !name.isBlank()) ? String.join(name, this.aroundName) : this.anonymous;
		}

	}

	String message(String code, Locale locale, Object... args) {
		return this.messages.getMessage(code, args, locale);
	}

	/**
	 * A country's name as it reads after "in" or "of" in the locale's language: CLDR's
	 * display name, with the article the language puts before some names ("the United
	 * Kingdom", "el Reino Unido") from the messages.
	 */
	private String countryName(String code, Locale locale) {
		return this.messages.getMessage("country." + locale.getLanguage() + "." + code, null,
				Locale.of("", code).getDisplayCountry(locale), locale);
	}

	private static String words(Locale locale) {
		return locale.getLanguage();
	}

	static ZoneId zone(@Nullable String timeZone) {
		try {
			return (timeZone != null) ? ZoneId.of(timeZone) : ZoneOffset.UTC;
		}
		catch (RuntimeException ex) {
			return ZoneOffset.UTC;
		}
	}

}
