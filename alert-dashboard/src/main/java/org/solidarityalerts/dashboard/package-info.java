/**
 * alert-dashboard: the operators' live view of the fan-outs, the topics, the dead letters
 * and the health of the service, and their few actions.
 */
@NullMarked
package org.solidarityalerts.dashboard;

import org.jspecify.annotations.NullMarked;
