/**
 * Signing up with double opt-in: the sign-up page and API, the confirmation link, and the
 * confirmation and "already subscribed" mails, recorded durably and sent until they go.
 */
@NullMarked
package org.solidarityalerts.dispatch.signup;

import org.jspecify.annotations.NullMarked;
