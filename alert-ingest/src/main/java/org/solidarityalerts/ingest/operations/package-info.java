/**
 * What running the service in production needs beyond its features: refusing to start
 * with development settings, a health check that works on every MongoDB-speaking server,
 * and the service's own metrics and housekeeping.
 */
@NullMarked
package org.solidarityalerts.ingest.operations;

import org.jspecify.annotations.NullMarked;
