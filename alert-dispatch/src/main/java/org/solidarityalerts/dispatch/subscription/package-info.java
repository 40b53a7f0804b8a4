/**
 * Subscriptions as subscribers see them: the sign-up page and API with double opt-in,
 * signed, expiring links in every e-mail to change preferences, export or erase one's
 * data, or leave with one click (RFC 8058), and the organisers' CSV import.
 */
@NullMarked
package org.solidarityalerts.dispatch.subscription;

import org.jspecify.annotations.NullMarked;
