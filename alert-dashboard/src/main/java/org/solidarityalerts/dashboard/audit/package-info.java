/**
 * The audit log: every operator action, who did it and when.
 */
@NullMarked
package org.solidarityalerts.dashboard.audit;

import org.jspecify.annotations.NullMarked;
