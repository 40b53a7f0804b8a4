/**
 * Changing one's preferences and leaving: the preferences page, the one-click unsubscribe
 * (RFC 8058) and the unsubscribes that arrive by mail.
 */
@NullMarked
package org.solidarityalerts.dispatch.preferences;

import org.jspecify.annotations.NullMarked;
