/**
 * Signed, expiring links in every e-mail (confirm, preferences, unsubscribe): the tokens,
 * their keys and their rotation, and the URLs built from them.
 */
@NullMarked
package org.solidarityalerts.dispatch.links;

import org.jspecify.annotations.NullMarked;
