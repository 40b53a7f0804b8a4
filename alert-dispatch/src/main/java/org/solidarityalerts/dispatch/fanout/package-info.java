/**
 * The audience stage of a fan-out: streams the matching subscribers out of MongoDB into
 * recipient batches on the delivery topics, checkpointing its cursor so that a restart
 * resumes where it stopped.
 */
@NullMarked
package org.solidarityalerts.dispatch.fanout;

import org.jspecify.annotations.NullMarked;
