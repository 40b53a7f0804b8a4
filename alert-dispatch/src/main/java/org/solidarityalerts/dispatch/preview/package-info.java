/**
 * What one reader would receive of an alert, before it goes out: the internal preview
 * endpoint that ingest calls for organisers, rendered by the mail package's own code, and
 * the one test mail of a preview sent to a given address.
 */
@NullMarked
package org.solidarityalerts.dispatch.preview;

import org.jspecify.annotations.NullMarked;
