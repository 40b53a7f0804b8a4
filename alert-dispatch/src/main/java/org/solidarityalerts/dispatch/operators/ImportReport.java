package org.solidarityalerts.dispatch.operators;

import java.util.List;

/**
 * What an import did, row by row for the rows it did not add.
 *
 * @param imported rows added as confirmed subscribers
 * @param alreadySubscribed rows whose address was already on the list (left as it was)
 * @param rejected rows refused, each with its line number and reason
 */
record ImportReport(int imported, int alreadySubscribed, List<RejectedRow> rejected) {

	/**
	 * One refused row.
	 *
	 * @param line its line number in the file (the header is line 1)
	 * @param reason why, without repeating the row's values
	 */
	record RejectedRow(long line, String reason) {
	}

}
