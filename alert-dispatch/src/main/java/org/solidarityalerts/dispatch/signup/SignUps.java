package org.solidarityalerts.dispatch.signup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.bson.Document;
import org.solidarityalerts.contract.MailEvent.ServiceMail;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.mail.Mailboxes;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.solidarityalerts.dispatch.subscriber.Consent;
import org.solidarityalerts.dispatch.subscriber.Subscriber;
import org.solidarityalerts.dispatch.subscriber.SubscriberStatus;
import org.solidarityalerts.dispatch.subscriber.SuppressionList;
import org.solidarityalerts.dispatch.links.SubscriberTokens;
import org.solidarityalerts.dispatch.subscription.FieldProblem;
import org.solidarityalerts.dispatch.subscription.SignUp;
import org.solidarityalerts.dispatch.subscription.Profile;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;
import org.solidarityalerts.dispatch.subscription.InvalidInputException;
import org.solidarityalerts.service.MongoAway;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Signing up and confirming. Every change is one atomic write to one subscriber's
 * document.
 * <p>
 * A sign-up is answered before anything about the address is looked up: it is stored as
 * it came ({@code sign_up_requests}, one blind insert), and the work (registering, and
 * recording a confirmation link or a "manage your subscription" note to send) happens
 * afterwards, so the answer and its timing are the same whether the address is new,
 * pending, confirmed, unsubscribed or suppressed. Because the request is stored first,
 * "check your inbox" is a promise: a request that an instance did not finish (it stopped,
 * MongoDB failed) is taken up again by a poller, and the mail itself is recorded in the
 * subscriber's document in the same write that registers them
 * ({@link SubscriptionMails}).
 */
@Component
public class SignUps implements DisposableBean {

	static final String REQUESTS = "sign_up_requests";

	private static final Logger logger = LoggerFactory.getLogger(SignUps.class);

	/**
	 * Who a confirmation link may subscribe: someone who signed up, who left, or whose
	 * address was suppressed (a hard bounce or a complaint is the receiving system's
	 * word; the person's own confirmed sign-up is fresh consent).
	 */
	static final List<String> MAY_CONFIRM = List.of(SubscriberStatus.PENDING.name(),
			SubscriberStatus.UNSUBSCRIBED.name(), SubscriberStatus.SUPPRESSED.name());

	private final MongoTemplate mongo;

	private final SuppressionList suppressions;

	private final SubscriptionMails mails;

	private final SignUpLimits limits;

	private final SubscriberTokens tokens;

	private final SubscriptionProperties properties;

	private final Clock clock;

	private final SmtpSender sender;

	private final ThreadPoolExecutor work = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1000), new CustomizableThreadFactory("sign-up-"));

	SignUps(MongoTemplate mongo, SuppressionList suppressions, SubscriptionMails mails, SignUpLimits limits,
			SubscriberTokens tokens, SubscriptionProperties properties, SmtpSender sender, Clock clock) {
		this.mongo = mongo;
		this.suppressions = suppressions;
		this.mails = mails;
		this.limits = limits;
		this.tokens = tokens;
		this.properties = properties;
		this.sender = sender;
		this.clock = clock;
	}

	/** Why a mailbox name that is not ASCII is refused when the relay cannot take it. */
	public static final String INTERNATIONAL_MAILBOX = "This address has letters outside the basic Latin alphabet before "
			+ "the @, and our mail server cannot deliver to such addresses yet. Please give another address.";

	/**
	 * Takes a sign-up: stores it, then registers it after this returns.
	 * @param signUp the checked sign-up
	 * @param source where it came from ({@code form} or {@code api})
	 * @param client the client's IP address, for the rate limit
	 * @throws SignUpRefusedException if the client sent too many, or it cannot be stored
	 * now
	 * @throws InvalidInputException if the mailbox name is not ASCII and the relay does
	 * not take such names
	 */
	void signUp(SignUp signUp, String source, String client) {
		if (Mailboxes.international(signUp.email()) && !this.sender.probe().smtpUtf8()) {
			throw new InvalidInputException(List.of(new FieldProblem("email", INTERNATIONAL_MAILBOX)));
		}
		Optional<Duration> wait = allowClient(client);
		if (wait.isPresent()) {
			throw new SignUpRefusedException(wait.get());
		}
		String id = UUID.randomUUID().toString();
		try {
			this.mongo.insert(new Document("_id", id).append("email", signUp.email())
				.append("profile", this.mongo.getConverter().convertToMongoType(signUp.profile()))
				.append("source", source)
				.append("receivedAt", Date.from(this.clock.instant())), REQUESTS);
		}
		catch (DataAccessException ex) {
			throw new SignUpRefusedException();
		}
		try {
			this.work.execute(() -> process(id));
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Sign-up request {} left to the poller", id);
		}
	}

	private Optional<Duration> allowClient(String client) {
		try {
			return this.limits.allowClient(client);
		}
		catch (RuntimeException ex) {
			if (MongoAway.in(ex)) {
				// Not counted, so not taken: nothing is stored either.
				throw new SignUpRefusedException();
			}
			throw ex;
		}
	}

	/**
	 * Registers the sign-ups an instance took but did not finish, and those the workers
	 * had no room for.
	 */
	@Scheduled(initialDelayString = "${alert.dispatch.subscription.mail-poll:5s}",
			fixedDelayString = "${alert.dispatch.subscription.mail-poll:5s}")
	void processLeftOver() {
		Instant now = this.clock.instant();
		Query left = Query.query(new Criteria().orOperator(
				Criteria.where("claimedUntil").exists(false).and("receivedAt").lt(Date.from(now.minusSeconds(5))),
				Criteria.where("claimedUntil").lt(Date.from(now))))
			.limit(100);
		left.fields().include("_id");
		for (Document request : this.mongo.find(left, Document.class, REQUESTS)) {
			process(request.getString("_id"));
		}
	}

	private void process(String id) {
		try {
			Instant now = this.clock.instant();
			Document request = this.mongo.findAndModify(
					Query.query(Criteria.where("_id")
						.is(id)
						.orOperator(Criteria.where("claimedUntil").exists(false),
								Criteria.where("claimedUntil").lt(Date.from(now)))),
					new Update().set("claimedUntil", Date.from(now.plusSeconds(60))),
					FindAndModifyOptions.options().returnNew(true), Document.class, REQUESTS);
			if (request == null) {
				return;
			}
			Profile profile = this.mongo.getConverter().read(Profile.class, request.get("profile", Document.class));
			register(new SignUp(request.getString("email"), profile), request.getString("source"));
			this.mongo.remove(Query.query(Criteria.where("_id").is(id)), REQUESTS);
		}
		catch (RuntimeException ex) {
			// Exceptions from the database may quote the address: log only their kind.
			// The request stays and is taken up again once its claim lapses.
			logger.error("A sign-up could not be completed yet: {}", ex.getClass().getName());
		}
	}

	/**
	 * Registers a sign-up and records its confirmation mail, also for an address on the
	 * suppression list (erased, bounced, complained): the list stops imports and
	 * operators, not a person's own double opt-in. The address comes off the list only
	 * when the link in that mail is used ({@link #confirm}).
	 */
	private void register(SignUp signUp, String source) {
		if (!this.limits.allowAddress(signUp.email())) {
			return;
		}
		Subscriber existing = this.mongo.findOne(byEmail(signUp.email()), Subscriber.class);
		if (existing == null) {
			registerNew(signUp, source);
		}
		else {
			registerAgain(existing, signUp, source);
		}
	}

	private void registerNew(SignUp signUp, String source) {
		Instant now = this.clock.instant();
		String nonce = UUID.randomUUID().toString();
		Profile profile = signUp.profile();
		Subscriber subscriber = new Subscriber(UUID.randomUUID().toString(), signUp.email(),
				Subscriber.keyOf(signUp.email()), profile.name(), profile.residenceCountry(), profile.languages(),
				profile.timeZone(), SubscriberStatus.PENDING, profile.preferences(), now, null, consent(source, now),
				nonce);
		Document document = new Document();
		this.mongo.getConverter().write(subscriber, document);
		document.put(SubscriptionMails.FIELD, this.mails.request(ServiceMail.CONFIRMATION));
		try {
			this.mongo.insert(document, Subscriber.COLLECTION);
		}
		catch (DuplicateKeyException ex) {
			Subscriber existing = this.mongo.findOne(byEmail(signUp.email()), Subscriber.class);
			if (existing != null) {
				registerAgain(existing, signUp, source);
			}
			return;
		}
		this.mails.sendSoon(SubscriberId.parse(subscriber.id()));
	}

	private void registerAgain(Subscriber existing, SignUp signUp, String source) {
		SubscriberId id = SubscriberId.parse(existing.id());
		switch (existing.status()) {
			case CONFIRMED -> {
				long changed = this.mongo.updateFirst(Query
					.query(Criteria.where("_id").is(existing.id()).and("status").is(SubscriberStatus.CONFIRMED.name())),
						new Update().set(SubscriptionMails.FIELD, this.mails.request(ServiceMail.ALREADY_SUBSCRIBED)),
						Subscriber.class)
					.getModifiedCount();
				if (changed == 1) {
					this.mails.sendSoon(id);
				}
			}
			case PENDING, UNSUBSCRIBED, SUPPRESSED -> {
				String nonce = UUID.randomUUID().toString();
				Profile profile = signUp.profile();
				Update update = profile.asUpdate()
					.set("consent", consent(source, this.clock.instant()))
					.set("confirmationNonce", nonce)
					.set(SubscriptionMails.FIELD, this.mails.request(ServiceMail.CONFIRMATION));
				long changed = this.mongo
					.updateFirst(Query.query(Criteria.where("_id").is(existing.id()).and("status").in(MAY_CONFIRM)),
							update, Subscriber.class)
					.getModifiedCount();
				if (changed == 1) {
					this.mails.sendSoon(id);
				}
			}
		}
	}

	private Consent consent(String source, Instant now) {
		return new Consent(now, source, this.properties.consentVersion(), null);
	}

	/**
	 * Whether a confirmation link can still be used.
	 * @param token the link's token
	 * @return true if genuine, unexpired and unused
	 */
	boolean canConfirm(String token) {
		return this.tokens.verifyConfirmation(token)
			.map((confirmation) -> this.mongo.exists(awaitingConfirmation(confirmation), Subscriber.class))
			.orElse(false);
	}

	/**
	 * Confirms a sign-up, once.
	 * @param token the link's token
	 * @return the subscriber as confirmed, if the link was genuine, unexpired and unused
	 */
	Optional<Subscriber> confirm(String token) {
		return this.tokens.verifyConfirmation(token).flatMap((confirmation) -> {
			Instant now = this.clock.instant();
			Update update = new Update().set("status", SubscriberStatus.CONFIRMED.name())
				.set("confirmedAt", now)
				.set("consent.confirmedAt", now)
				.unset("confirmationNonce");
			Subscriber confirmed = this.mongo.findAndModify(awaitingConfirmation(confirmation), update,
					FindAndModifyOptions.options().returnNew(true), Subscriber.class);
			if (confirmed == null) {
				return Optional.empty();
			}
			// Their own confirmed consent lifts an earlier suppression. Should this
			// instance stop before it, the entry stays and stops only imports.
			this.suppressions.lift(confirmed.email());
			return Optional.of(confirmed);
		});
	}

	private static Query awaitingConfirmation(SubscriberTokens.Confirmation confirmation) {
		return Query.query(Criteria.where("_id")
			.is(confirmation.subscriber().toString())
			.and("confirmationNonce")
			.is(confirmation.nonce())
			.and("status")
			.in(MAY_CONFIRM));
	}

	/**
	 * The languages of the subscriber a confirmation link stands for, so that its page
	 * speaks theirs.
	 * @param token the link's token
	 * @return their languages, best first, or none if the link stands for nobody
	 */
	List<String> languages(String token) {
		return this.tokens.verifyConfirmation(token)
			.map((confirmation) -> this.mongo.findById(confirmation.subscriber().toString(), Subscriber.class))
			.map(Subscriber::languages)
			.orElse(List.of());
	}

	private static Query byEmail(String email) {
		return Query.query(Criteria.where("emailKey").is(Subscriber.keyOf(email)));
	}

	@Override
	public void destroy() throws InterruptedException {
		this.work.shutdown();
		this.work.awaitTermination(10, TimeUnit.SECONDS);
	}

}
