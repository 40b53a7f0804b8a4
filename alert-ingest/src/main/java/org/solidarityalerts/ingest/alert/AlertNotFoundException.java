package org.solidarityalerts.ingest.alert;

/**
 * No alert by that id is visible to the caller: it does not exist or belongs to another
 * organisation (the two are not told apart).
 */
public class AlertNotFoundException extends RuntimeException {

	AlertNotFoundException(String id) {
		super("No alert " + id + " is visible to you.");
	}

}
