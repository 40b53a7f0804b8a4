/**
 * The health of what the service runs on: Kafka brokers and controller, under-replicated
 * partitions, MongoDB and the SMTP server.
 */
@NullMarked
package org.solidarityalerts.dashboard.health;

import org.jspecify.annotations.NullMarked;
