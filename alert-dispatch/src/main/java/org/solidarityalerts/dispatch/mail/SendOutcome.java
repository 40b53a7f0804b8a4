package org.solidarityalerts.dispatch.mail;

import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.SubscriberId;

/**
 * What the SMTP server said about one message.
 *
 * @param subscriber the recipient's id
 * @param status sent, deferred (4xx or a broken connection) or failed (5xx)
 * @param code the SMTP reply code, or 0 if the connection failed before a reply
 * @param detail the server's reply text, without addresses
 */
public record SendOutcome(SubscriberId subscriber, DeliveryStatus status, int code, String detail) {
}
