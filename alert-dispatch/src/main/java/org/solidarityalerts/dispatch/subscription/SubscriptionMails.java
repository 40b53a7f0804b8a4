package org.solidarityalerts.dispatch.subscription;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;
import org.solidarityalerts.dispatch.mail.MailComposer;
import org.solidarityalerts.dispatch.mail.OutgoingMail;
import org.solidarityalerts.dispatch.mail.SendOutcome;
import org.solidarityalerts.dispatch.mail.SmtpSender;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * The e-mails sign-up sends: the confirmation link of the double opt-in, and the "manage
 * your subscription" note an existing subscriber gets when their address signs up again.
 */
@Component
class SubscriptionMails {

	private static final Logger logger = LoggerFactory.getLogger(SubscriptionMails.class);

	private final SmtpSender sender;

	private final SignedLinks links;

	private final MailComposer composer;

	private final SpringTemplateEngine templates = new SpringTemplateEngine();

	SubscriptionMails(SmtpSender sender, SignedLinks links, MailComposer composer) {
		this.sender = sender;
		this.links = links;
		this.composer = composer;
		this.templates.addTemplateResolver(resolver(TemplateMode.HTML, ".html"));
		this.templates.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt"));
	}

	private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setResolvablePatterns(Set.of("subscription-*" + suffix));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCheckExistence(true);
		return resolver;
	}

	/**
	 * Sends the confirmation link of a sign-up.
	 * @param subscriber who signed up
	 * @param email their address
	 * @param name their name, if they gave one
	 * @param nonce the nonce stored with them
	 * @return whether the SMTP server took it
	 */
	boolean sendConfirmation(SubscriberId subscriber, String email, @Nullable String name, String nonce) {
		return send(subscriber, email, name, "Please confirm your subscription to solidarity alerts",
				"subscription-confirm", Map.of("confirmUrl", this.links.confirm(subscriber, nonce)));
	}

	/**
	 * Tells a confirmed subscriber that someone signed their address up again, with links
	 * to manage their subscription.
	 * @param subscriber the subscriber
	 * @param email their address
	 * @param name their name, if they gave one
	 * @return whether the SMTP server took it
	 */
	boolean sendManage(SubscriberId subscriber, String email, @Nullable String name) {
		return send(subscriber, email, name, "You are already subscribed to solidarity alerts", "subscription-manage",
				Map.of("preferencesUrl", this.links.preferences(subscriber), "unsubscribeUrl",
						this.links.unsubscribe(subscriber)));
	}

	private boolean send(SubscriberId subscriber, String email, @Nullable String name, String subject, String template,
			Map<String, Object> variables) {
		Context context = new Context();
		context.setVariable("greeting", (name != null) ? "Dear " + name + "," : "Hello,");
		context.setVariables(variables);
		String html = this.templates.process(template + ".html", context);
		String text = this.templates.process(template + ".txt", context);
		SendOutcome outcome;
		try (SmtpSender.SmtpSession session = this.sender.open()) {
			outcome = session
				.send(new OutgoingMail(subscriber, this.composer.transactional(email, name, subject, html, text)));
		}
		if (outcome.status() != DeliveryStatus.SENT) {
			logger.warn("Could not send {} to subscriber {}: {}", template, subscriber, outcome.detail());
			return false;
		}
		return true;
	}

}
