package org.solidarityalerts.ingest.console;

/**
 * Who is logged in, as every console page's header shows it (public for the templates).
 *
 * @param username the address they log in with
 * @param organisation their organisation
 */
public record SignedIn(String username, String organisation) {
}
