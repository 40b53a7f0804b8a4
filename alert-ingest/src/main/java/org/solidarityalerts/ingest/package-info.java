/**
 * alert-ingest: the organisers' API, which stores each alert durably and publishes it
 * onto Kafka.
 */
@NullMarked
package org.solidarityalerts.ingest;

import org.jspecify.annotations.NullMarked;
