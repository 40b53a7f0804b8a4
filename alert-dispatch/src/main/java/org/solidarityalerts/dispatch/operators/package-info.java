/**
 * The operators' endpoints (list import, embassy directory) and their security chain.
 */
@NullMarked
package org.solidarityalerts.dispatch.operators;

import org.jspecify.annotations.NullMarked;
