/**
 * What every endpoint shares: refusals as RFC 9457 problem details, the request size
 * limit, and the OpenAPI description.
 */
@NullMarked
package org.solidarityalerts.ingest.web;

import org.jspecify.annotations.NullMarked;
