/**
 * Previews of alerts: the client of dispatch's internal preview API, which renders an
 * alert for a reader with the mail code of real deliveries and sends one test of it, and
 * the limit on test sends per organisation. The organisers' endpoint is the alert
 * package's, which checks drafts and builds snapshots.
 */
@NullMarked
package org.solidarityalerts.ingest.preview;

import org.jspecify.annotations.NullMarked;
