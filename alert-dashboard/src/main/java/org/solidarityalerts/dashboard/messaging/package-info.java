/**
 * How the dashboard reads and writes Kafka records.
 */
@NullMarked
package org.solidarityalerts.dashboard.messaging;

import org.jspecify.annotations.NullMarked;
