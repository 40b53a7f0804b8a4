package org.solidarityalerts.dashboard.board;

import org.jspecify.annotations.Nullable;

/**
 * Which fan-outs the board shows: filters that are all optional, and a page of them,
 * newest first.
 *
 * @param state only fan-outs in this state, or any if null
 * @param kind only alerts of this kind, by its wire name (e.g. {@code urgent-action}), or
 * any if null
 * @param campaign only alerts of this campaign, by its id or its name, or any if null
 * @param page the page, from 1
 * @param size how many rows a page has
 */
public record BoardQuery(@Nullable FanOutState state, @Nullable String kind, @Nullable String campaign, int page,
		int size) {

	public BoardQuery {
		page = Math.max(page, 1);
		size = Math.max(size, 1);
	}

	/**
	 * The first page of every fan-out.
	 * @param size how many rows
	 * @return the query
	 */
	public static BoardQuery latest(int size) {
		return new BoardQuery(null, null, null, 1, size);
	}

	/**
	 * How many rows come before this page.
	 * @return the rows to skip
	 */
	public long offset() {
		return (long) (this.page - 1) * this.size;
	}

}
