/**
 * The fan-out board: a read model of every alert's fan-out, built from the alert topics
 * and the delivery outcomes in the dashboard's own collections.
 */
@NullMarked
package org.solidarityalerts.dashboard.board;

import org.jspecify.annotations.NullMarked;
