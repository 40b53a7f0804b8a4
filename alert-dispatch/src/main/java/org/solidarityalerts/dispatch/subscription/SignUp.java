package org.solidarityalerts.dispatch.subscription;

/**
 * A checked sign-up.
 *
 * @param email the address, trimmed
 * @param profile everything else they told
 */
public record SignUp(String email, Profile profile) {
}
