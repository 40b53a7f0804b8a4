/**
 * Operators' pause, resume and cancel of a fan-out, received from the dashboard on the
 * control topic and kept in dispatch's own collection, for the delivery stage to obey;
 * and the batches of paused fan-outs, held until the pause ends.
 */
@NullMarked
package org.solidarityalerts.dispatch.control;

import org.jspecify.annotations.NullMarked;
