/**
 * Subscribers as dispatch reads them: who they are (as little as possible), what they
 * asked for, and whether they may be mailed at all.
 */
@NullMarked
package org.solidarityalerts.dispatch.subscriber;

import org.jspecify.annotations.NullMarked;
