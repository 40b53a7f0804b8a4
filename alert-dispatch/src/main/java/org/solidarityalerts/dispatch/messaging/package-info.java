/**
 * Kafka plumbing of dispatch: the topics it creates, how records are read, and where
 * records that cannot be processed go (a dead-letter topic per consumed topic, with the
 * original bytes and the reason in headers).
 */
@NullMarked
package org.solidarityalerts.dispatch.messaging;

import org.jspecify.annotations.NullMarked;
