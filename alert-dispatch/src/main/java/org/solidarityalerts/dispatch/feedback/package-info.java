/**
 * What receiving systems report after they accepted a message: delivery status
 * notifications (bounces) to each message's signed envelope sender, feedback-loop
 * complaints (ARF), unsubscribes sent to the {@code mailto:} of List-Unsubscribe, all
 * read by an SMTP endpoint of dispatch's own; and the signed webhooks of Amazon SES
 * (through Amazon SNS) and Mailgun. Each report suppresses, counts or unsubscribes, and
 * is published on {@code mail.events}.
 */
@NullMarked
package org.solidarityalerts.dispatch.feedback;

import org.jspecify.annotations.NullMarked;
