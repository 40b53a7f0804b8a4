/**
 * Digests: appeals, news and events gathered for subscribers who asked for a daily or
 * weekly e-mail, and sent as one message at a set hour in each subscriber's time zone.
 * Urgent actions never wait for a digest.
 */
@NullMarked
package org.solidarityalerts.dispatch.digest;

import org.jspecify.annotations.NullMarked;
