/**
 * The wire contract between alert-ingest and alert-dispatch: the events that cross Kafka,
 * their topics, type ids, headers and schema version.
 */
@NullMarked
package org.solidarityalerts.contract;

import org.jspecify.annotations.NullMarked;
