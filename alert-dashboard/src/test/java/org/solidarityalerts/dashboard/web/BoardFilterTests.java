package org.solidarityalerts.dashboard.web;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoardFilterTests {

	@Test
	void aFilterKeepsOnlyWhatTheBoardCanApply() {
		BoardFilter filter = BoardFilter
			.of(Map.of("state", "paused", "kind", "urgent-action", "campaign", "  Free Lawyer X ", "page", "2"));

		assertThat(filter.params()).containsExactly(Map.entry("state", "paused"), Map.entry("kind", "urgent-action"),
				Map.entry("campaign", "Free Lawyer X"), Map.entry("page", "2"));
		assertThat(filter.filtered()).isTrue();
	}

	@Test
	void valuesThatNameNothingAreDropped() {
		BoardFilter filter = BoardFilter
			.of(Map.of("state", "gone-fishing", "kind", "<script>", "campaign", " ", "page", "abc"));

		assertThat(filter.params()).isEmpty();
		assertThat(filter.filtered()).isFalse();
		assertThat(BoardFilter.of(Map.of("page", "0")).pageNumber()).isEqualTo(1);
		assertThat(BoardFilter.of(Map.of("page", "-3")).params()).isEmpty();
	}

	@Test
	void aCampaignWithControlCharactersIsDroppedNotEchoed() {
		for (String campaign : new String[] { "bench\u0000appeal", "a\u001bb", "line\nbreak", "del\u007f",
				"c1\u0085" }) {
			assertThat(BoardFilter.of(Map.of("campaign", campaign)).params()).as(campaign).isEmpty();
		}
		assertThat(BoardFilter.of(Map.of("campaign", "Свобода Ли Вэй 🕊")).params()).containsEntry("campaign",
				"Свобода Ли Вэй 🕊");
	}

}
