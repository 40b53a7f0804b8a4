/**
 * Who may post: organisations' API keys (stored hashed, scoped to one organisation,
 * revocable) and the operator role.
 */
@NullMarked
package org.solidarityalerts.ingest.organiser;

import org.jspecify.annotations.NullMarked;
