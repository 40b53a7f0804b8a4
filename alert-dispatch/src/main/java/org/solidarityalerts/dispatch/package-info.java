/**
 * alert-dispatch: consumes the alert topics and fans each alert out, once, to the
 * subscribers who asked for it.
 */
@NullMarked
package org.solidarityalerts.dispatch;

import org.jspecify.annotations.NullMarked;
