/**
 * The topics and consumer groups of the service, sampled with the Kafka admin client: end
 * offsets, message rates, lag per partition, trend and time to drain.
 */
@NullMarked
package org.solidarityalerts.dashboard.topics;

import org.jspecify.annotations.NullMarked;
