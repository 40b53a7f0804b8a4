package org.solidarityalerts.dispatch.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertEvent;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.subscriber.Recipient;
import org.thymeleaf.context.Context;
import org.unbescape.html.HtmlEscape;

import org.springframework.stereotype.Component;

/**
 * Writes one subscriber's e-mail for an alert version: the content in their language
 * (else the alert's default), their name, the deadline in their time zone, the actions as
 * steps, and the list headers (List-Id, List-Unsubscribe, List-Unsubscribe-Post) with a
 * Message-ID that is the same on every attempt. What the reader gets is
 * {@link AlertContent}'s, the rendering {@link MailTemplates}', the message
 * {@link MimeWriter}'s; this class puts them together and renders each layout once.
 */
@Component
public class MailComposer {

	private final SubscriberLinks links;

	private final MailTemplates templates;

	private final AlertContent content;

	private final MimeWriter mime;

	private final RecentLayouts layouts = new RecentLayouts();

	MailComposer(SmtpSender sender, SubscriberLinks links, ReturnPaths returnPaths, DispatchProperties properties,
			MailTemplates templates) {
		this.links = links;
		this.templates = templates;
		this.content = new AlertContent(templates.words());
		this.mime = new MimeWriter(sender, links, returnPaths, properties);
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
		return new Letters(event, now, this.layouts.of(event));
	}

	/**
	 * Writes the e-mails of an alert version that is previewed, not delivered: the same
	 * code as {@link #letters(AlertEvent, Instant)}, but its layouts are not kept where a
	 * fan-out of the same version would find them, as a preview's snapshot may differ
	 * from the version that is eventually published.
	 * @param event the event that carries the alert version
	 * @param now the current time, to count the days left
	 * @return a writer of the event's e-mails
	 */
	public Letters previewLetters(AlertEvent event, Instant now) {
		return new Letters(event, now, new Kept());
	}

	/**
	 * Marks a message written for a test recipient as a test: its subject prefixed with
	 * the words for "test" in the reader's language, an {@code X-Alert-Test: true}
	 * header, no list headers (nobody is unsubscribed from a test), and an envelope
	 * sender that names the address, not a subscriber.
	 * @param mail the message, written by
	 * {@link Letters#compose(Recipient, Embassy, String, String)} for the test recipient
	 * @param recipient the test recipient
	 * @return the same message, marked
	 */
	public OutgoingMail markAsTest(OutgoingMail mail, Recipient recipient) {
		Locale locale = AlertContent.readerLocale(ServiceWords.languageFor(recipient.languages()),
				recipient.residenceCountry());
		try {
			String subject = this.content.message("subject.test", locale, mail.message().getSubject());
			this.mime.markAsTest(mail.message(), subject, recipient.email());
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException("Could not mark a test message", ex);
		}
		return mail;
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
		Locale locale = AlertContent.readerLocale(language, recipient.residenceCountry());
		ZoneId zone = AlertContent.zone(recipient.timeZone());
		String greeting = this.content.greeting(recipient, locale);
		String preferencesUrl = this.links.preferences(recipient.id());
		String unsubscribeUrl = this.links.unsubscribe(recipient.id());
		List<AlertMail> items = new ArrayList<>();
		for (AlertEvent event : events) {
			AlertSnapshot alert = event.alert();
			String itemLanguage = alert.languageFor(recipient.languages());
			String changeNote = (event instanceof AlertEvent.AlertUpdated)
					? this.content.changeNote(alert, itemLanguage) : null;
			AlertContent.ActedLinks acted = (event instanceof AlertEvent.AlertCancelled) ? AlertContent.ActedLinks.NONE
					: (action, kind) -> this.links.acted(recipient.id(), alert.alertVersion(), action, kind);
			items.add(this.content.view(alert, greeting, null, itemLanguage, locale, recipient.residenceCountry(),
					this.content.deadline(alert, locale, zone, now), changeNote, preferencesUrl, unsubscribeUrl,
					acted));
		}
		String subject = this.content.message("digest.subject", locale, items.size());
		Context context = this.templates.context(locale);
		context.setVariable("greeting", greeting);
		context.setVariable("items", items);
		context.setVariable("title", subject);
		context.setVariable("preferencesUrl", preferencesUrl);
		context.setVariable("unsubscribeUrl", unsubscribeUrl);
		String html = this.templates.process("digest.html", context);
		String text = this.templates.process("digest.txt", context);
		return new OutgoingMail(recipient.id(),
				this.mime.digest(recipient, subject, language, unsubscribeUrl, digest, now, text, html));
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
		return this.mime.transactional(email, name, subject, html, text, messageId, "en");
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
		return this.mime.transactional(email, name, subject, html, text, messageId, language);
	}

	/**
	 * The Content-Language of a message: the service's words' language, and the content's
	 * when it differs.
	 */
	private static String contentLanguage(String words, String content) {
		return words.equals(content) ? content : words + ", " + content;
	}

	/** Each action's "I did this" link as a slot, filled per reader. */
	private static final AlertContent.ActedLinks SLOTTED = (action, kind) -> Slots.acted(action);

	/**
	 * Writes the e-mails of one alert version, rendering each layout once.
	 */
	public final class Letters {

		private final AlertEvent event;

		private final Instant now;

		private final Map<Layout, Rendered> rendered;

		/**
		 * The deadline as each locale and time zone writes it on each of the reader's
		 * days, kept for the event's later batches: an ICU message and a localised date,
		 * it was 2.7 % of the sending threads' samples worked out per batch.
		 */
		private final Map<String, String> deadlines;

		/**
		 * What each combination of languages, country and time zone decides: readers of a
		 * batch share a few, and working them out per e-mail (language tags parsed, the
		 * locale built) was a twentieth of the sending threads' CPU in the fan-out
		 * benchmark's profile.
		 */
		private final Map<ReaderKey, Reader> readers = new ConcurrentHashMap<>();

		private Letters(AlertEvent event, Instant now, Kept kept) {
			this.event = event;
			this.now = now;
			this.rendered = kept.rendered();
			this.deadlines = kept.deadlines();
		}

		/**
		 * Writes one subscriber's e-mail.
		 * @param recipient the subscriber
		 * @param embassy the embassy of the alert's subject country in the subscriber's
		 * country, if known
		 * @return the addressed message
		 */
		public OutgoingMail compose(Recipient recipient, @Nullable Embassy embassy) {
			return compose(recipient, embassy, MailComposer.this.links.preferences(recipient.id()),
					MailComposer.this.links.unsubscribe(recipient.id()));
		}

		/**
		 * Writes one e-mail with the given links in place of a subscriber's signed ones:
		 * a preview's or a test's, whose reader is no subscriber.
		 * @param recipient the reader
		 * @param embassy the embassy of the alert's subject country in the reader's
		 * country, if known
		 * @param preferencesUrl the link shown where the preferences link goes
		 * @param unsubscribeUrl the link shown where the unsubscribe link goes
		 * @return the addressed message
		 */
		public OutgoingMail compose(Recipient recipient, @Nullable Embassy embassy, String preferencesUrl,
				String unsubscribeUrl) {
			AlertContent content = MailComposer.this.content;
			AlertSnapshot alert = this.event.alert();
			Reader reader = this.readers.computeIfAbsent(
					new ReaderKey(recipient.languages(), recipient.residenceCountry(), recipient.timeZone()),
					this::reader);
			Locale locale = reader.locale();
			Rendered layout = this.rendered.computeIfAbsent(new Layout(reader.language(), reader.words(),
					recipient.residenceCountry(), reader.deadline(), embassy), (key) -> render(key, locale));
			String greeting = reader.greeting().to(recipient);
			Map<Integer, String> acted = new HashMap<>();
			IntFunction<String> actedUrl = (action) -> acted.computeIfAbsent(action, (key) -> MailComposer.this.links
				.acted(recipient.id(), alert.alertVersion(), action, AlertContent.kindOf(alert.actions().get(action))));
			// A value the HTML escape leaves alone (the same string) is encoded once.
			Map<String, byte[]> encoded = new IdentityHashMap<>();
			Slots.Body html = layout.html()
				.fill(HtmlEscape.escapeHtml4Xml(greeting), HtmlEscape.escapeHtml4Xml(preferencesUrl),
						HtmlEscape.escapeHtml4Xml(unsubscribeUrl),
						(action) -> HtmlEscape.escapeHtml4Xml(actedUrl.apply(action)), encoded);
			Slots.Body text = layout.text().fill(greeting, preferencesUrl, unsubscribeUrl, actedUrl, encoded);
			return new OutgoingMail(recipient.id(),
					MailComposer.this.mime.alert(layout.message(), alert, recipient, text, html, unsubscribeUrl));
		}

		private Reader reader(ReaderKey key) {
			AlertSnapshot alert = this.event.alert();
			String words = ServiceWords.languageFor(key.languages());
			Locale locale = AlertContent.readerLocale(words, key.country());
			String deadline = null;
			if (!(this.event instanceof AlertEvent.AlertCancelled) && alert.deadline() != null) {
				// The text depends on the time only through the reader's date (the days
				// left).
				ZoneId zone = AlertContent.zone(key.timeZone());
				deadline = this.deadlines.computeIfAbsent(
						locale.toLanguageTag() + " " + zone.getId() + " " + this.now.atZone(zone).toLocalDate(),
						(ignored) -> MailComposer.this.content.deadline(alert, locale, zone, this.now));
			}
			return new Reader(alert.languageFor(key.languages()), words, locale, deadline,
					MailComposer.this.content.greeting(locale));
		}

		private Rendered render(Layout layout, Locale locale) {
			AlertContent content = MailComposer.this.content;
			AlertSnapshot alert = this.event.alert();
			String language = layout.language();
			AlertMail mail = switch (this.event) {
				case AlertEvent.AlertPublished published ->
					content.view(alert, Slots.GREETING, layout.embassy(), language, locale, layout.country(),
							layout.deadline(), null, Slots.PREFERENCES, Slots.UNSUBSCRIBE, SLOTTED);
				case AlertEvent.AlertUpdated updated -> AlertContent.retitled(
						content.view(alert, Slots.GREETING, layout.embassy(), language, locale, layout.country(),
								layout.deadline(), content.changeNote(alert, language), Slots.PREFERENCES,
								Slots.UNSUBSCRIBE, SLOTTED),
						content.message("subject.updated", locale, alert.contentFor(List.of(language)).title()));
				case AlertEvent.AlertCancelled cancelled -> content.cancellation(cancelled, Slots.GREETING, language,
						locale, Slots.PREFERENCES, Slots.UNSUBSCRIBE);
			};
			Context context = new Context(locale);
			context.setVariable("mail", mail);
			MailTemplates.isolates(context, locale);
			return new Rendered(Slots.of(MailComposer.this.templates.process("alert.html", context)),
					Slots.of(MailComposer.this.templates.process("alert.txt", context)),
					MailComposer.this.mime.layout(this.event, mail.title(), contentLanguage(layout.words(), language)));
		}

	}

	/**
	 * The layouts rendered for the last few events, and their deadlines as readers see
	 * them, so that the batches of one fan-out render each layout once, not once per
	 * batch.
	 */
	private static final class RecentLayouts {

		private static final int EVENTS = 16;

		private final Map<String, Kept> byEvent = new LinkedHashMap<>(EVENTS, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
				return size() > EVENTS;
			}

		};

		synchronized Kept of(AlertEvent event) {
			return this.byEvent.computeIfAbsent(event.type() + ":" + event.alertVersion().key(), (key) -> new Kept());
		}

	}

	/**
	 * What the batches of one event share: its rendered layouts, and its deadline as each
	 * locale and time zone writes it on each day.
	 */
	private record Kept(Map<Layout, Rendered> rendered, Map<String, String> deadlines) {

		Kept() {
			this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
		}

	}

	/**
	 * A reader's languages, best first, country of residence and time zone.
	 */
	private record ReaderKey(List<String> languages, @Nullable String country, @Nullable String timeZone) {
	}

	/**
	 * What a reader's languages, country and time zone decide for one alert version: the
	 * content's language, the language of the service's words, the locale, the deadline
	 * as the reader's clock shows it, and the greetings.
	 */
	private record Reader(String language, String words, Locale locale, @Nullable String deadline,
			AlertContent.Greeting greeting) {
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
