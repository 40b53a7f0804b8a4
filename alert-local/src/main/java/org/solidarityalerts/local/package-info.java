/**
 * The whole service on one machine, for trying it and for end-to-end tests: ingest and
 * dispatch side by side, and, for the local stack, embedded Kafka, MongoDB and SMTP
 * servers with a small demo data set.
 */
@NullMarked
package org.solidarityalerts.local;

import org.jspecify.annotations.NullMarked;
