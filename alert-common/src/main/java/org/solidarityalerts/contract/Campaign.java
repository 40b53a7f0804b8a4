package org.solidarityalerts.contract;

/**
 * The campaign an alert belongs to, such as one prisoner's case; subscribers follow
 * campaigns.
 *
 * @param id a stable slug, e.g. {@code free-the-lawyer}
 * @param name the campaign's display name
 */
public record Campaign(String id, String name) {
}
