package org.solidarityalerts.dispatch.mail;

import jakarta.mail.internet.MimeMessage;
import org.solidarityalerts.contract.SubscriberId;

/**
 * A rendered message for one subscriber.
 *
 * @param subscriber the recipient's id
 * @param message the message, addressed
 */
public record OutgoingMail(SubscriberId subscriber, MimeMessage message) {
}
