/**
 * Subscriptions as subscribers see them: signed, expiring links in every e-mail to change
 * preferences or to leave.
 */
@NullMarked
package org.solidarityalerts.dispatch.subscription;

import org.jspecify.annotations.NullMarked;
