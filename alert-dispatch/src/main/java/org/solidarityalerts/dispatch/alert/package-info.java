/**
 * The alert versions dispatch has received, kept so that any instance can render any
 * delivery batch.
 */
@NullMarked
package org.solidarityalerts.dispatch.alert;

import org.jspecify.annotations.NullMarked;
