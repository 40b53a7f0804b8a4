/**
 * A subscriber's rights over their data: a copy of everything held about them, and
 * erasure that keeps only a keyed hash of the address.
 */
@NullMarked
package org.solidarityalerts.dispatch.privacy;

import org.jspecify.annotations.NullMarked;
