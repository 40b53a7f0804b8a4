/**
 * Publishing: the relay that moves stored alerts' outbox events onto Kafka, with acks
 * from all in-sync replicas and an idempotent producer, and the topics it writes to.
 */
@NullMarked
package org.solidarityalerts.ingest.publishing;

import org.jspecify.annotations.NullMarked;
