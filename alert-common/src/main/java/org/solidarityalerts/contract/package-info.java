/**
 * The wire contract between the services: the events that cross Kafka, their topics, type
 * ids, headers and schema version, their Kafka serialiser and deserialiser, and the
 * markup an alert's body may carry.
 */
@NullMarked
package org.solidarityalerts.contract;

import org.jspecify.annotations.NullMarked;
