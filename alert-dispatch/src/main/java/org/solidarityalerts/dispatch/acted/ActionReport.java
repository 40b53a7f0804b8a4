package org.solidarityalerts.dispatch.acted;

import java.time.Instant;

/**
 * A reader's report that they took one action of an alert, as their data export shows it.
 *
 * @param alertId the alert
 * @param version the alert version whose e-mail carried the link
 * @param action the action's index in the alert's actions, from 0
 * @param kind the action's kind ({@code write}, {@code attend}, ...)
 * @param reportedAt when they reported it
 */
public record ActionReport(String alertId, int version, int action, String kind, Instant reportedAt) {
}
