package org.solidarityalerts.dispatch.feedback;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What dispatch does with bounces and complaints, and the mail providers' webhooks, under
 * {@code alert.dispatch.feedback}.
 *
 * @param softBounceLimit temporary failures after which an address is suppressed
 * @param softBounceWindow how recent those failures must all be
 * @param amazonSes the Amazon SES webhook (through Amazon SNS)
 * @param mailgun the Mailgun webhook
 */
@ConfigurationProperties("alert.dispatch.feedback")
public record FeedbackProperties(@DefaultValue("3") int softBounceLimit, @DefaultValue("14d") Duration softBounceWindow,
		@DefaultValue AmazonSes amazonSes, @DefaultValue Mailgun mailgun) {

	/**
	 * Amazon SES notifications delivered by Amazon SNS; off while no topic is listed.
	 *
	 * @param region the AWS region of the SNS topics, e.g. {@code eu-west-1}
	 * @param topicArns the SNS topics whose notifications are accepted; others are
	 * refused
	 */
	public record AmazonSes(@Nullable String region, @DefaultValue List<String> topicArns) {

		boolean enabled() {
			return this.region != null && !this.region.isBlank() && !this.topicArns.isEmpty();
		}

	}

	/**
	 * Mailgun's webhook; off while no signing key is set.
	 *
	 * @param signingKey the HTTP webhook signing key of the Mailgun account
	 * @param maxAge how old a signed timestamp may be; older requests are refused
	 */
	public record Mailgun(@Nullable String signingKey, @DefaultValue("5m") Duration maxAge) {

		boolean enabled() {
			return this.signingKey != null && !this.signingKey.isBlank();
		}

	}

}
