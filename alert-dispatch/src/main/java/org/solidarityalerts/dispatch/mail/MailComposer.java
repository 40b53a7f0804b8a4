package org.solidarityalerts.dispatch.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.PreencodedMimeBodyPart;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.BodyMarkup;
import org.solidarityalerts.contract.LocalizedContent;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.contract.Target;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.mail.AlertMail.Step;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.unbescape.html.HtmlEscape;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Writes one subscriber's e-mail for an alert version: the content in their language
 * (else the alert's default), their name, the deadline in their time zone, the actions as
 * steps, and the list headers (List-Id, List-Unsubscribe, List-Unsubscribe-Post) with a
 * Message-ID that is the same on every attempt.
 */
@Component
public class MailComposer {

	private final SmtpSender sender;

	private final SubscriberLinks links;

	private final ReturnPaths returnPaths;

	private final DispatchProperties properties;

	private final MessageSource messages;

	private final SpringTemplateEngine templates;

	private final RecentLayouts layouts = new RecentLayouts();

	MailComposer(SmtpSender sender, SubscriberLinks links, ReturnPaths returnPaths, DispatchProperties properties) {
		this.sender = sender;
		this.links = links;
		this.returnPaths = returnPaths;
		this.properties = properties;
		ServiceWords bundle = new ServiceWords();
		this.messages = bundle;
		this.templates = new SpringTemplateEngine();
		this.templates.addTemplateResolver(resolver(TemplateMode.HTML, ".html"));
		this.templates.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt"));
		this.templates.setTemplateEngineMessageSource(bundle);
	}

	private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setResolvablePatterns(Set.of("*" + suffix));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCheckExistence(true);
		resolver.setCacheable(true);
		return resolver;
	}

	/**
	 * Writes the e-mail of an alert version for one subscriber: the alert itself, its
	 * update, or the notice that it was cancelled.
	 * @param event the event that carries the alert version
	 * @param recipient the subscriber
	 * @param embassy the embassy of the alert's subject country in the subscriber's
	 * country, if known
	 * @param now the current time, to count the days left
	 * @return the addressed message
	 */
	public OutgoingMail compose(AlertEvent event, Recipient recipient, @Nullable Embassy embassy, Instant now) {
		return letters(event, now).compose(recipient, embassy);
	}

	/**
	 * Writes the e-mails of an alert version for many subscribers, such as a delivery
	 * batch. Each layout (language, deadline as the subscriber's calendar shows it,
	 * embassy) is rendered once; each subscriber's greeting and signed links are then
	 * filled in, escaped as the template would escape them.
	 * @param event the event that carries the alert version
	 * @param now the current time, to count the days left
	 * @return a writer of the event's e-mails
	 */
	public Letters letters(AlertEvent event, Instant now) {
		return new Letters(event, now);
	}

	private AlertMail view(AlertSnapshot alert, String greeting, @Nullable Embassy embassy, String language,
			Locale locale, @Nullable String residenceCountry, @Nullable String deadline, @Nullable String changeNote,
			String preferencesUrl, String unsubscribeUrl) {
		LocalizedContent content = alert.contentFor(List.of(language));
		String bodyHtml = (content.body() != null) ? BodyMarkup.sanitize(content.body()) : null;
		String bodyText = (bodyHtml != null) ? PlainText.of(bodyHtml) : null;
		return new AlertMail(language, words(locale), ServiceWords.direction(locale),
				ServiceWords.direction(Locale.forLanguageTag(language)), greeting, changeNote,
				followsUp(alert, language, locale), content.title(), content.summary(), bodyHtml, bodyText, deadline,
				steps(alert, embassy, language, locale, residenceCountry), content.suggestedMessage(),
				alert.campaign().name(), message("reason", locale, alert.campaign().name()), preferencesUrl,
				unsubscribeUrl);
	}

	private @Nullable String followsUp(AlertSnapshot alert, String language, Locale locale) {
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

	/**
	 * Writes a subscriber's digest: one message listing several alerts, each with its
	 * summary and deadline.
	 * @param recipient the subscriber
	 * @param events the alert versions to list
	 * @param digest the digest's id, which makes its Message-ID
	 * @param now the current time, to count the days left
	 * @return the addressed message
	 */
	public OutgoingMail composeDigest(Recipient recipient, List<AlertEvent> events, String digest, Instant now) {
		String language = ServiceWords.languageFor(recipient.languages());
		Locale locale = readerLocale(language, recipient.residenceCountry());
		ZoneId zone = zone(recipient.timeZone());
		List<AlertMail> items = new ArrayList<>();
		for (AlertEvent event : events) {
			AlertSnapshot alert = event.alert();
			String itemLanguage = alert.languageFor(recipient.languages());
			items.add(view(alert, greeting(recipient, locale), null, itemLanguage, locale, recipient.residenceCountry(),
					deadline(alert, locale, zone, now),
					(event instanceof AlertEvent.AlertUpdated) ? changeNote(alert, itemLanguage) : null,
					this.links.preferences(recipient.id()), this.links.unsubscribe(recipient.id())));
		}
		Context context = new Context(locale);
		context.setVariable("greeting", greeting(recipient, locale));
		context.setVariable("items", items);
		context.setVariable("title", message("digest.subject", locale, items.size()));
		context.setVariable("language", language);
		context.setVariable("direction", ServiceWords.direction(locale));
		isolates(context, locale);
		String unsubscribeUrl = this.links.unsubscribe(recipient.id());
		context.setVariable("preferencesUrl", this.links.preferences(recipient.id()));
		context.setVariable("unsubscribeUrl", unsubscribeUrl);
		String html = this.templates.process("digest.html", context);
		String text = this.templates.process("digest.txt", context);
		String messageId = "<digest." + digest.replace(':', '.') + "@" + this.properties.mail().listId() + ">";
		return new OutgoingMail(recipient.id(), message(recipient, message("digest.subject", locale, items.size()),
				language, unsubscribeUrl, messageId, "digest", now, alternative(text, html)));
	}

	private AlertMail cancellation(AlertEvent.AlertCancelled cancelled, String greeting, String language, Locale locale,
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

	private static AlertMail retitled(AlertMail mail, String title) {
		return new AlertMail(mail.language(), mail.words(), mail.direction(), mail.contentDirection(), mail.greeting(),
				mail.changeNote(), mail.followsUp(), title, mail.summary(), mail.bodyHtml(), mail.bodyText(),
				mail.deadline(), mail.steps(), mail.suggestedMessage(), mail.campaign(), mail.reason(),
				mail.preferencesUrl(), mail.unsubscribeUrl());
	}

	private String greeting(Recipient recipient, Locale locale) {
		return (recipient.name() != null && !recipient.name().isBlank())
				? message("greeting.named", locale, recipient.name()) : message("greeting.anonymous", locale);
	}

	private @Nullable String changeNote(AlertSnapshot alert, String language) {
		return (alert.changeNote() != null) ? alert.changeNote().in(language, alert.defaultLanguage()) : null;
	}

	/**
	 * The deadline in the reader's time zone and locale, with the days left; with its
	 * time when the organiser gave the deadline's own zone, and that zone's time too when
	 * the reader's clock shows another.
	 */
	private @Nullable String deadline(AlertSnapshot alert, Locale locale, ZoneId zone, Instant now) {
		Instant deadline = alert.deadline();
		if (deadline == null) {
			return null;
		}
		ZonedDateTime readers = deadline.atZone(zone);
		long days = Math.max(0, ChronoUnit.DAYS.between(now.atZone(zone).toLocalDate(), readers.toLocalDate()));
		// Plural forms follow the language's CLDR rules: ICU's message format picks them.
		String daysLeft = message("days-left", locale, days);
		if (alert.deadlineTimeZone() == null) {
			String date = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(readers);
			return message("deadline", locale, date, daysLeft);
		}
		DateTimeFormatter dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
			.withLocale(locale);
		ZoneId original = zone(alert.deadlineTimeZone());
		ZonedDateTime there = deadline.atZone(original);
		String at = dateTime.format(readers);
		if (there.toLocalDateTime().equals(readers.toLocalDateTime())) {
			return message("deadline.zoned", locale, at, zone.getDisplayName(TextStyle.FULL, locale), daysLeft);
		}
		return message("deadline.elsewhere", locale, at, zone.getDisplayName(TextStyle.FULL, locale),
				dateTime.format(there), original.getDisplayName(TextStyle.FULL, locale), daysLeft);
	}

	private List<Step> steps(AlertSnapshot alert, @Nullable Embassy embassy, String language, Locale locale,
			@Nullable String residenceCountry) {
		Texts texts = new Texts(language, alert.defaultLanguage());
		List<Step> steps = new ArrayList<>();
		for (Action action : alert.actions()) {
			if (!action.isFor(residenceCountry)) {
				continue;
			}
			Step step = switch (action) {
				case Action.SignPetition petition ->
					new Step(message("step.petition", locale), optional(texts.of(petition.label())), petition.url());
				case Action.WriteTo write -> new Step(message("step.write", locale, who(write.target(), texts)),
						targetLines(write.target(), true, texts, locale), null);
				case Action.PhoneTarget phone -> new Step(message("step.phone", locale, who(phone.target(), texts)),
						targetLines(phone.target(), false, texts, locale), null);
				case Action.ProtestToEmbassy protest -> embassyStep(alert, protest, embassy, texts, locale);
				case Action.Attend attend -> new Step(message("step.attend", locale, texts.of(attend.venue())),
						eventLines(attend, locale), null);
				case Action.ShareLink share ->
					new Step(message("step.share", locale), optional(texts.of(share.text())), share.url());
			};
			if (!action.copiesTo().isEmpty()) {
				List<String> lines = new ArrayList<>(step.lines());
				lines.add(message("label.copies", locale, String.join(", ", action.copiesTo())));
				step = new Step(step.heading(), lines, step.link());
			}
			steps.add(step);
		}
		return steps;
	}

	/**
	 * When an event is, in the venue's time zone (people come to the venue): the date
	 * with its year, start and end, and the doors' opening.
	 */
	private List<String> eventLines(Action.Attend attend, Locale locale) {
		ZoneId venue = zone(attend.timeZone());
		DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
		DateTimeFormatter time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale);
		ZonedDateTime start = attend.start().atZoneSameInstant(venue);
		String zoneName = venue.getDisplayName(TextStyle.FULL, locale);
		List<String> lines = new ArrayList<>(attend.address());
		if (attend.end() == null) {
			lines.add(message("event.from", locale, date.format(start), time.format(start), zoneName));
		}
		else {
			ZonedDateTime end = attend.end().atZoneSameInstant(venue);
			lines.add(end.toLocalDate().equals(start.toLocalDate())
					? message("event.from-to", locale, date.format(start), time.format(start), time.format(end),
							zoneName)
					: message("event.from-until", locale, date.format(start), time.format(start), date.format(end),
							time.format(end), zoneName));
		}
		if (attend.doorsOpen() != null) {
			lines.add(message("event.doors", locale, time.format(attend.doorsOpen().atZoneSameInstant(venue))));
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
		return new Step(heading, lines, null);
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
		String name = Locale.forLanguageTag(tag).getDisplayName(locale);
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

	private MimeMessage message(Recipient recipient, String subject, String language, String unsubscribeUrl,
			String messageId, String list, @Nullable Instant sentAt, MimeMultipart body) {
		try {
			StableIdMimeMessage message = new StableIdMimeMessage(this.sender.session(), messageId);
			listHeaders(message, subject, language, list, sentAt);
			address(message, recipient, unsubscribeUrl);
			message.setContent(body);
			message.saveChanges();
			return message;
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalStateException("Could not write message " + messageId, ex);
		}
	}

	/**
	 * Sets the headers that all subscribers' copies of a message share.
	 */
	private void listHeaders(MimeMessage message, String subject, String language, String list,
			@Nullable Instant sentAt) throws MessagingException, UnsupportedEncodingException {
		DispatchProperties.Mail sender = this.properties.mail();
		message.setFrom(new InternetAddress(sender.from(), sender.fromName(), StandardCharsets.UTF_8.name()));
		message.setSubject(subject, StandardCharsets.UTF_8.name());
		message.setSentDate(Date.from((sentAt != null) ? sentAt : Instant.now()));
		message.setHeader("Content-Language", language);
		message.setHeader("List-Id", "\"" + sender.fromName() + "\" <" + list + "." + sender.listId() + ">");
		message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
	}

	/**
	 * Sets the headers that are one subscriber's own: their address and their unsubscribe
	 * links; and the envelope sender that names them, to which bounces return with the
	 * headers of the message.
	 */
	private void address(StableIdMimeMessage message, Recipient recipient, String unsubscribeUrl)
			throws MessagingException, UnsupportedEncodingException {
		message.setEnvelopeFrom(this.returnPaths.of(recipient.id()));
		message.setReturnOption(SMTPMessage.RETURN_HDRS);
		message.setRecipient(Message.RecipientType.TO, Mailboxes.address(recipient.email(), recipient.name()));
		message.setHeader("List-Unsubscribe",
				"<" + unsubscribeUrl + ">, <" + this.links.unsubscribeMailto(recipient.id()) + ">");
	}

	/**
	 * Writes a one-off message in English about a subscription.
	 * @param email the recipient's address
	 * @param name the recipient's name, if known
	 * @param subject the subject
	 * @param html the HTML body
	 * @param text the plain-text body
	 * @param messageId its Message-ID, the same on every attempt
	 * @return the message
	 * @see #transactional(String, String, String, String, String, String, String)
	 */
	public MimeMessage transactional(String email, @Nullable String name, String subject, String html, String text,
			String messageId) {
		return transactional(email, name, subject, html, text, messageId, "en");
	}

	/**
	 * Writes a one-off message about a subscription (a confirmation, a reminder), sent
	 * from the service's address: plain text and HTML, marked {@code Auto-Submitted},
	 * without list headers.
	 * @param email the recipient's address
	 * @param name the recipient's name, if known
	 * @param subject the subject
	 * @param html the HTML body
	 * @param text the plain-text body
	 * @param messageId its Message-ID, the same on every attempt
	 * @param language the language it is written in (BCP 47)
	 * @return the message
	 */
	public MimeMessage transactional(String email, @Nullable String name, String subject, String html, String text,
			String messageId, String language) {
		try {
			DispatchProperties.Mail sender = this.properties.mail();
			StableIdMimeMessage message = new StableIdMimeMessage(this.sender.session(), messageId);
			message.setEnvelopeFrom(this.returnPaths.ofAddress(email));
			message.setReturnOption(SMTPMessage.RETURN_HDRS);
			message.setFrom(new InternetAddress(sender.from(), sender.fromName(), StandardCharsets.UTF_8.name()));
			message.setRecipient(Message.RecipientType.TO, Mailboxes.address(email, name));
			message.setSubject(subject, StandardCharsets.UTF_8.name());
			message.setHeader("Auto-Submitted", "auto-generated");
			message.setHeader("Content-Language", language);
			message.setContent(alternative(text, html));
			message.saveChanges();
			return message;
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			// The exception's message may name the address: keep only its kind.
			throw new IllegalStateException("Could not write a subscription e-mail: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Plain text and HTML bodies already encoded as quoted-printable.
	 */
	private static MimeMultipart encodedAlternative(String text, String html) {
		try {
			MimeMultipart alternative = new MimeMultipart("alternative");
			PreencodedMimeBodyPart textPart = new PreencodedMimeBodyPart("quoted-printable");
			textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
			PreencodedMimeBodyPart htmlPart = new PreencodedMimeBodyPart("quoted-printable");
			htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
			alternative.addBodyPart(textPart);
			alternative.addBodyPart(htmlPart);
			return alternative;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Could not assemble a message body", ex);
		}
	}

	private static MimeMultipart alternative(String text, String html) {
		try {
			MimeMultipart alternative = new MimeMultipart("alternative");
			MimeBodyPart textPart = new MimeBodyPart();
			textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
			MimeBodyPart htmlPart = new MimeBodyPart();
			htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
			// Named here, the encoding is not chosen by reading each body through once
			// more.
			textPart.setHeader("Content-Transfer-Encoding", "quoted-printable");
			htmlPart.setHeader("Content-Transfer-Encoding", "quoted-printable");
			alternative.addBodyPart(textPart);
			alternative.addBodyPart(htmlPart);
			return alternative;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Could not assemble a message body", ex);
		}
	}

	private String message(String code, Locale locale, Object... args) {
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

	/**
	 * What the plain text puts around a URL after the service's words: in a right-to-left
	 * language, an isolate, so the URL keeps its order.
	 */
	private static void isolates(Context context, Locale locale) {
		boolean rtl = ServiceWords.isRightToLeft(locale);
		context.setVariable("fsi", rtl ? String.valueOf(ServiceWords.FSI) : "");
		context.setVariable("pdi", rtl ? String.valueOf(ServiceWords.PDI) : "");
	}

	private static String words(Locale locale) {
		return locale.getLanguage();
	}

	/**
	 * The Content-Language of a message: the service's words' language, and the content's
	 * when it differs.
	 */
	private static String contentLanguage(String words, String content) {
		return words.equals(content) ? content : words + ", " + content;
	}

	private static ZoneId zone(@Nullable String timeZone) {
		try {
			return (timeZone != null) ? ZoneId.of(timeZone) : ZoneOffset.UTC;
		}
		catch (RuntimeException ex) {
			return ZoneOffset.UTC;
		}
	}

	/**
	 * Writes the e-mails of one alert version, rendering each layout once.
	 */
	public final class Letters {

		private final AlertEvent event;

		private final Instant now;

		private final Map<Layout, Rendered> rendered;

		/** The deadline as each language and time zone writes it. */
		private final Map<String, String> deadlines = new ConcurrentHashMap<>();

		private Letters(AlertEvent event, Instant now) {
			this.event = event;
			this.now = now;
			this.rendered = MailComposer.this.layouts.of(event);
		}

		/**
		 * Writes one subscriber's e-mail.
		 * @param recipient the subscriber
		 * @param embassy the embassy of the alert's subject country in the subscriber's
		 * country, if known
		 * @return the addressed message
		 */
		public OutgoingMail compose(Recipient recipient, @Nullable Embassy embassy) {
			AlertSnapshot alert = this.event.alert();
			String language = alert.languageFor(recipient.languages());
			String words = ServiceWords.languageFor(recipient.languages());
			String country = recipient.residenceCountry();
			Locale locale = readerLocale(words, country);
			String deadline = (this.event instanceof AlertEvent.AlertCancelled || alert.deadline() == null) ? null
					: this.deadlines.computeIfAbsent(locale.toLanguageTag() + " " + recipient.timeZone(),
							(key) -> deadline(alert, locale, zone(recipient.timeZone()), this.now));
			Rendered layout = this.rendered.computeIfAbsent(new Layout(language, words, country, deadline, embassy),
					(key) -> render(key, locale));
			String greeting = greeting(recipient, locale);
			String preferencesUrl = MailComposer.this.links.preferences(recipient.id());
			String unsubscribeUrl = MailComposer.this.links.unsubscribe(recipient.id());
			String html = layout.html()
				.fill(HtmlEscape.escapeHtml4Xml(greeting), HtmlEscape.escapeHtml4Xml(preferencesUrl),
						HtmlEscape.escapeHtml4Xml(unsubscribeUrl));
			String text = layout.text().fill(greeting, preferencesUrl, unsubscribeUrl);
			String messageId = MessageIds.of(alert.alertVersion(), recipient.id(),
					MailComposer.this.properties.mail().listId());
			StableIdMimeMessage message = layout.message()
				.fill(MailComposer.this.sender.session(), messageId, text, html);
			try {
				address(message, recipient, unsubscribeUrl);
			}
			catch (MessagingException | UnsupportedEncodingException ex) {
				throw new IllegalStateException("Could not write message " + messageId, ex);
			}
			return new OutgoingMail(recipient.id(), message);
		}

		private Rendered render(Layout layout, Locale locale) {
			AlertSnapshot alert = this.event.alert();
			String language = layout.language();
			AlertMail mail = switch (this.event) {
				case AlertEvent.AlertPublished published -> view(alert, Slots.GREETING, layout.embassy(), language,
						locale, layout.country(), layout.deadline(), null, Slots.PREFERENCES, Slots.UNSUBSCRIBE);
				case AlertEvent.AlertUpdated updated -> retitled(
						view(alert, Slots.GREETING, layout.embassy(), language, locale, layout.country(),
								layout.deadline(), changeNote(alert, language), Slots.PREFERENCES, Slots.UNSUBSCRIBE),
						message("subject.updated", locale, alert.contentFor(List.of(language)).title()));
				case AlertEvent.AlertCancelled cancelled ->
					cancellation(cancelled, Slots.GREETING, language, locale, Slots.PREFERENCES, Slots.UNSUBSCRIBE);
			};
			Context context = new Context(locale);
			context.setVariable("mail", mail);
			isolates(context, locale);
			return new Rendered(Slots.of(MailComposer.this.templates.process("alert.html", context)),
					Slots.of(MailComposer.this.templates.process("alert.txt", context)),
					layoutMessage(mail.title(), contentLanguage(layout.words(), language)));
		}

		/**
		 * The message all subscribers of one layout share, written once, with markers for
		 * the bodies.
		 */
		private LayoutMessage layoutMessage(String subject, String language) {
			AlertSnapshot alert = this.event.alert();
			try {
				MimeMessage message = new MimeMessage(MailComposer.this.sender.session());
				// A cancellation is dated when it happened, not when the alert was
				// published.
				Instant date = (this.event instanceof AlertEvent.AlertCancelled) ? this.event.occurredAt()
						: alert.publishAt();
				listHeaders(message, subject, language, alert.campaign().id(), date);
				message.setContent(encodedAlternative(LayoutMessage.TEXT, LayoutMessage.HTML));
				message.saveChanges();
				// Each subscriber's message has its own.
				message.removeHeader("Message-ID");
				return LayoutMessage.of(message);
			}
			catch (MessagingException | UnsupportedEncodingException ex) {
				throw new IllegalStateException("Could not write the message of alert " + alert.alertVersion(), ex);
			}
		}

	}

	/**
	 * The layouts rendered for the last few events, so that the batches of one fan-out
	 * render each layout once, not once per batch.
	 */
	private static final class RecentLayouts {

		private static final int EVENTS = 16;

		private final Map<String, Map<Layout, Rendered>> byEvent = new LinkedHashMap<>(EVENTS, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Map<Layout, Rendered>> eldest) {
				return size() > EVENTS;
			}

		};

		synchronized Map<Layout, Rendered> of(AlertEvent event) {
			return this.byEvent.computeIfAbsent(event.type() + ":" + event.alertVersion().key(),
					(key) -> new ConcurrentHashMap<>());
		}

	}

	/**
	 * What makes two subscribers' e-mails of one alert version differ, but for their
	 * greeting and links: the content's language, the language of the service's words
	 * (the reader's, which the content may not have), the country of residence (the
	 * locale's region, and which actions are shown), the deadline as their clock and
	 * locale show it, and their embassy.
	 */
	private record Layout(String language, String words, @Nullable String country, @Nullable String deadline,
			@Nullable Embassy embassy) {
	}

	private record Rendered(Slots html, Slots text, LayoutMessage message) {
	}

}
