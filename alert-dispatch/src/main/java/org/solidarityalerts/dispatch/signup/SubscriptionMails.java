package org.solidarityalerts.dispatch.signup;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.MailEvent.ServiceMail;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dispatch.DispatchProperties;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.MailTemplates;
import org.solidarityalerts.dispatch.mail.OutgoingMail;
import org.solidarityalerts.dispatch.mail.SendOutcome;
import org.solidarityalerts.dispatch.mail.ServiceWords;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.dispatch.links.SignedLinks;
import org.thymeleaf.context.Context;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The e-mails sign-up sends: the confirmation link of the double opt-in, and the "manage
 * your subscription" note an existing subscriber gets when their address signs up again.
 * <p>
 * They are never fire-and-forget. A mail to send is recorded in the subscriber's own
 * document ({@code serviceMail}), in the same write that records the sign-up, and sent
 * from there: at once, and again by a poller after a deferral or a crash, with the
 * delivery backoff, until the relay takes it, refuses it, or the attempts run out. Every
 * attempt's outcome is published on {@code mail.events}, so operators see on the
 * dashboard why a mail did not go; the record is kept with the outcome until Kafka takes
 * it ({@link ServiceMailRecords}). Unlike an alert, a service mail whose fate is in doubt
 * is sent again: a second confirmation link harms nobody, a lost one locks a person out.
 */
@Component
class SubscriptionMails implements DisposableBean {

	static final String FIELD = "serviceMail";

	private static final Logger logger = LoggerFactory.getLogger(SubscriptionMails.class);

	private static final Set<String> HARD_BOUNCES = Set.of("SMTP 550", "SMTP 551", "SMTP 553");

	private final SmtpSender sender;

	private final SignedLinks links;

	private final MailComposer composer;

	private final MongoTemplate mongo;

	private final SuppressionList suppressions;

	private final DispatchProperties properties;

	private final Clock clock;

	private final MailTemplates templates;

	private final ServiceMailRecords records;

	private final ServiceWords words = new ServiceWords();

	private final ThreadPoolExecutor work = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1000), new CustomizableThreadFactory("service-mail-"));

	SubscriptionMails(SmtpSender sender, SignedLinks links, MailComposer composer, MongoTemplate mongo,
			SuppressionList suppressions, DispatchProperties properties, Clock clock, MailTemplates templates,
			ServiceMailRecords records) {
		this.sender = sender;
		this.links = links;
		this.composer = composer;
		this.mongo = mongo;
		this.suppressions = suppressions;
		this.properties = properties;
		this.clock = clock;
		this.templates = templates;
		this.records = records;
	}

	/**
	 * A service mail to record in a subscriber's document, due now; a newer request
	 * replaces one not yet sent.
	 * @param mail which mail
	 * @return the {@value #FIELD} value
	 */
	Document request(ServiceMail mail) {
		Instant now = this.clock.instant();
		return new Document("id", UUID.randomUUID().toString()).append("kind", WireFormat.name(mail))
			.append("attempts", 0)
			.append("requestedAt", Date.from(now))
			.append("dueAt", Date.from(now));
	}

	/**
	 * Sends a subscriber's recorded service mail soon, on a thread of its own; if that
	 * cannot be, the poller sends it.
	 * @param subscriber the subscriber
	 */
	void sendSoon(SubscriberId subscriber) {
		try {
			this.work.execute(() -> sendDue(subscriber));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Service mail of subscriber {} left to the poller", subscriber);
		}
	}

	/**
	 * Sends every service mail that is due: those deferred, and those a stopped instance
	 * left behind.
	 */
	@Scheduled(initialDelayString = "${alert.dispatch.subscription.mail-poll:5s}",
			fixedDelayString = "${alert.dispatch.subscription.mail-poll:5s}")
	void sendAllDue() {
		Query due = Query.query(Criteria.where(FIELD + ".dueAt").lte(Date.from(this.clock.instant()))).limit(100);
		due.fields().include("_id");
		List<Document> subscribers = this.mongo.find(due, Document.class, Subscriber.COLLECTION);
		for (Document subscriber : subscribers) {
			sendDue(SubscriberId.parse(subscriber.getString("_id")));
		}
	}

	/**
	 * Sends a subscriber's service mail if it is due and nobody else is sending it.
	 * @param id the subscriber
	 */
	void sendDue(SubscriberId id) {
		try {
			Instant now = this.clock.instant();
			// The claim: pushing the due time past a send's longest duration keeps other
			// instances and the poller off it; a crash lets it fall due again.
			Document subscriber = this.mongo.findAndModify(
					Query.query(Criteria.where("_id").is(id.toString()).and(FIELD + ".dueAt").lte(Date.from(now))),
					new Update().set(FIELD + ".dueAt", Date.from(now.plus(this.properties.delivery().claimTimeout())))
						.inc(FIELD + ".attempts", 1),
					FindAndModifyOptions.options().returnNew(true), Document.class, Subscriber.COLLECTION);
			if (subscriber != null) {
				send(id, subscriber, now);
			}
		}
		catch (RuntimeException ex) {
			// Exceptions from the database or SMTP may quote the address: log only their
			// kind. The mail stays recorded and falls due again.
			logger.warn("Could not send the service mail of subscriber {}: {}", id, ex.getClass().getName());
		}
	}

	private void send(SubscriberId id, Document subscriber, Instant now) {
		Document mail = subscriber.get(FIELD, Document.class);
		String mailId = mail.getString("id");
		ServiceMail kind = WireFormat.name(ServiceMail.ALREADY_SUBSCRIBED).equals(mail.getString("kind"))
				? ServiceMail.ALREADY_SUBSCRIBED : ServiceMail.CONFIRMATION;
		int attempt = mail.getInteger("attempts", 1);
		String status = subscriber.getString("status");
		String nonce = subscriber.getString("confirmationNonce");
		boolean wanted = (kind == ServiceMail.CONFIRMATION) ? nonce != null && SignUps.MAY_CONFIRM.contains(status)
				: SubscriberStatus.CONFIRMED.name().equals(status);
		if (!wanted) {
			done(id, mailId, kind, DeliveryStatus.SKIPPED, attempt,
					"subscriber is " + String.valueOf(status).toLowerCase(Locale.ROOT));
			return;
		}
		String email = subscriber.getString("email");
		String name = subscriber.getString("name");
		List<String> languages = subscriber.getList("languages", String.class, List.of());
		SendOutcome outcome;
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			outcome = session.send(new OutgoingMail(id, compose(id, kind, email, name, languages, nonce, mailId)));
		}
		switch (outcome.status()) {
			case SENT -> done(id, mailId, kind, DeliveryStatus.SENT, attempt, outcome.detail());
			case FAILED -> {
				done(id, mailId, kind, DeliveryStatus.FAILED, attempt, outcome.detail());
				if (HARD_BOUNCES.contains(outcome.detail())) {
					this.suppressions.suppress(email, "hard bounce, " + outcome.detail());
				}
			}
			default -> {
				// Deferred, or in doubt: a service mail is sent again rather than lost.
				DispatchProperties.Delivery policy = this.properties.delivery();
				if (attempt >= policy.maxAttempts()) {
					done(id, mailId, kind, DeliveryStatus.DEAD_LETTERED, attempt,
							"gave up after " + attempt + " attempts: " + outcome.detail());
				}
				else {
					recorded(id, mailId,
							new Update().set(FIELD + ".dueAt", Date.from(now.plus(policy.retryAfter(attempt + 1))))
								.set(FIELD + ".lastDetail", outcome.detail()),
							this.records.of(kind, DeliveryStatus.DEFERRED, attempt, outcome.detail()));
				}
			}
		}
	}

	private void done(SubscriberId id, String mailId, ServiceMail kind, DeliveryStatus status, int attempt,
			String detail) {
		recorded(id, mailId, new Update().unset(FIELD), this.records.of(kind, status, attempt, detail));
		if (status != DeliveryStatus.SENT) {
			logger.warn("Service mail {} of subscriber {}: {} ({})", WireFormat.name(kind), id, WireFormat.name(status),
					detail);
		}
	}

	private static Query mine(SubscriberId id, String mailId) {
		return Query.query(Criteria.where("_id").is(id.toString()).and(FIELD + ".id").is(mailId));
	}

	/**
	 * Writes an attempt's outcome and its record in one write, then publishes the record.
	 * If a newer request replaced the mail meanwhile, only the record is kept.
	 */
	private void recorded(SubscriberId id, String mailId, Update outcome, Document record) {
		if (this.mongo
			.updateFirst(mine(id, mailId), outcome.push(ServiceMailRecords.FIELD, record), Subscriber.COLLECTION)
			.getMatchedCount() == 0) {
			this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id.toString())),
					new Update().push(ServiceMailRecords.FIELD, record), Subscriber.COLLECTION);
		}
		this.records.publish(id, record);
	}

	/**
	 * Writes a service mail in the subscriber's language: the first of their languages
	 * that the service speaks, else English. The confirmation greets nobody by name and
	 * names nobody in its {@code To}: whoever filled in the form chose the name, and
	 * until the mailbox's owner confirms, that may be anyone, who would otherwise have
	 * the service carry a hundred characters of their own (a link, a lure) to any
	 * address. The name is used once they have confirmed.
	 */
	jakarta.mail.internet.MimeMessage compose(SubscriberId id, ServiceMail kind, String email, @Nullable String name,
			List<String> languages, @Nullable String nonce, String mailId) {
		String messageId = "<service." + mailId + "@" + this.properties.mail().listId() + ">";
		Locale locale = Locale.forLanguageTag(ServiceWords.languageFor(languages));
		if (kind == ServiceMail.CONFIRMATION) {
			return render(email, null, locale, "confirm.subject", "subscription-confirm",
					Map.of("confirmUrl", this.links.confirm(id, String.valueOf(nonce))), messageId);
		}
		return render(email, name, locale, "manage.subject", "subscription-manage",
				Map.of("preferencesUrl", this.links.preferences(id), "unsubscribeUrl", this.links.unsubscribe(id)),
				messageId);
	}

	private jakarta.mail.internet.MimeMessage render(String email, @Nullable String name, Locale locale, String subject,
			String template, Map<String, Object> variables, String messageId) {
		Context context = this.templates.context(locale);
		context.setVariable("greeting",
				(name != null && !name.isBlank())
						? this.words.getMessage("greeting.named", new Object[] { name }, locale)
						: this.words.getMessage("greeting.anonymous", null, locale));
		context.setVariables(variables);
		String html = this.templates.process(template + ".html", context);
		String text = this.templates.process(template + ".txt", context);
		return this.composer.transactional(email, name, this.words.getMessage(subject, null, locale), html, text,
				messageId, locale.getLanguage());
	}

	@Override
	public void destroy() throws InterruptedException {
		this.work.shutdown();
		this.work.awaitTermination(10, TimeUnit.SECONDS);
	}

}
