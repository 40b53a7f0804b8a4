package org.solidarityalerts.dashboard.board;

import java.util.List;

/**
 * One page of the board.
 *
 * @param rows the fan-outs on it, newest first
 * @param page the page, from 1
 * @param hasNext whether another page follows
 */
public record BoardPage(List<FanOutRow> rows, int page, boolean hasNext) {

	/**
	 * Whether a page comes before this one.
	 * @return true after the first page
	 */
	public boolean hasPrevious() {
		return this.page > 1;
	}

}
