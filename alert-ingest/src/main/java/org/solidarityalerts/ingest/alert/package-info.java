/**
 * Alerts as organisers post, update and cancel them; each stored with its versions and an
 * outbox of the events still to publish, in one document.
 */
@NullMarked
package org.solidarityalerts.ingest.alert;

import org.jspecify.annotations.NullMarked;
