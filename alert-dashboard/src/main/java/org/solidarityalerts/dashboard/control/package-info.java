/**
 * Operators' pause, resume and cancel of a fan-out, published for dispatch to obey.
 */
@NullMarked
package org.solidarityalerts.dashboard.control;

import org.jspecify.annotations.NullMarked;
