package org.solidarityalerts.dashboard.web;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dashboard.board.BoardQuery;
import org.solidarityalerts.dashboard.board.FanOutState;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The board's query parameters, e.g. {@code /?state=paused&kind=urgent-action&page=2}.
 * Values that name no state or kind, blank values, campaigns with control characters
 * (which no campaign's name or id has) and pages below 1 are dropped, so a filter is
 * always one the board can apply and the page never shows such a character back; the live
 * update follows the same parameters.
 *
 * @param state a state's key, e.g. {@code fanning_out}
 * @param kind a kind's wire name, e.g. {@code urgent-action}
 * @param campaign a campaign's id or name
 * @param page the page, from 1
 */
record BoardFilter(@Nullable String state, @Nullable String kind, @Nullable String campaign, @Nullable Integer page) {

	BoardFilter {
		state = (FanOutState.ofKey(state) != null) ? state : null;
		kind = (kind != null && Arrays.stream(AlertKind.values()).map(WireFormat::name).anyMatch(kind::equals)) ? kind
				: null;
		campaign = (campaign != null && !campaign.isBlank() && campaign.chars().noneMatch(Character::isISOControl))
				? campaign.strip() : null;
		page = (page != null && page > 1) ? page : null;
	}

	static BoardFilter of(Map<String, String> params) {
		Integer page;
		try {
			page = (params.get("page") != null) ? Integer.valueOf(params.get("page")) : null;
		}
		catch (NumberFormatException ex) {
			page = null;
		}
		return new BoardFilter(params.get("state"), params.get("kind"), params.get("campaign"), page);
	}

	/**
	 * The parameters that are set, for the live update's URL.
	 * @return parameter names and values
	 */
	Map<String, String> params() {
		Map<String, String> params = new LinkedHashMap<>();
		if (this.state != null) {
			params.put("state", this.state);
		}
		if (this.kind != null) {
			params.put("kind", this.kind);
		}
		if (this.campaign != null) {
			params.put("campaign", this.campaign);
		}
		if (this.page != null) {
			params.put("page", this.page.toString());
		}
		return params;
	}

	BoardQuery query(int size) {
		return new BoardQuery(FanOutState.ofKey(this.state), this.kind, this.campaign, pageNumber(), size);
	}

	int pageNumber() {
		return (this.page != null) ? this.page : 1;
	}

	/**
	 * Whether any filter is set.
	 * @return true if the board shows only some fan-outs
	 */
	public boolean filtered() {
		return this.state != null || this.kind != null || this.campaign != null;
	}

	/**
	 * The board's URL with these filters on another page.
	 * @param page the page
	 * @return a path and query
	 */
	public String href(int page) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/");
		new BoardFilter(this.state, this.kind, this.campaign, page).params().forEach(uri::queryParam);
		return uri.encode().build().toUriString();
	}

}
