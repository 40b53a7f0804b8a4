/**
 * Sending: recipient batches taken from the delivery topics, each delivery claimed in a
 * ledger that is unique on (alert version, subscriber), sent, and its outcome recorded
 * and published.
 */
@NullMarked
package org.solidarityalerts.dispatch.delivery;

import org.jspecify.annotations.NullMarked;
