/**
 * How far each alert version's fan-out has gone, for the organisers' console: a read
 * model in ingest's MongoDB, built from the contract's delivery outcomes and mail events
 * the way the operators' dashboard builds its board.
 */
@NullMarked
package org.solidarityalerts.ingest.progress;

import org.jspecify.annotations.NullMarked;
