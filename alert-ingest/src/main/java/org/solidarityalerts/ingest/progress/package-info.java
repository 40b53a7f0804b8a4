/**
 * How far each alert version's fan-out has gone, for the organisers' console: a read
 * model in ingest's MongoDB, built from the contract's delivery outcomes and mail events
 * the way the operators' dashboard builds its board. It announces each version whose
 * fan-out finished as an application event, for the webhooks; it depends on no feature
 * package.
 */
@NullMarked
package org.solidarityalerts.ingest.progress;

import org.jspecify.annotations.NullMarked;
