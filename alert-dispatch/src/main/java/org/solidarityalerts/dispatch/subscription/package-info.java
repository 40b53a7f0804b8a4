/**
 * What the subscribers' features share: the profile form and its checks, the pages'
 * common parts, the settings, and the security chains of the public pages and the sign-up
 * API.
 */
@NullMarked
package org.solidarityalerts.dispatch.subscription;

import org.jspecify.annotations.NullMarked;
