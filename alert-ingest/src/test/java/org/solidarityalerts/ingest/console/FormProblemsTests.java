package org.solidarityalerts.ingest.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where each of the compose form's problems links to: the ids the templates give the
 * fields ({@code ConsoleIntegrationTests} follows every link of a rendered page).
 */
class FormProblemsTests {

	@Test
	void eachFieldIsLinkedByTheIdItsTemplateGivesIt() {
		AlertForm form = new AlertForm();
		form.setLanguages(
				new ArrayList<>(List.of(new AlertForm.LanguageFields("en"), new AlertForm.LanguageFields("es"))));

		assertThat(FormProblems.target(form, "campaignId")).isEqualTo("campaignId");
		assertThat(FormProblems.target(form, "languages[1].tag")).isEqualTo("lang-1");
		assertThat(FormProblems.target(form, "languages[0].suggestedMessage")).isEqualTo("message-0");
		assertThat(FormProblems.target(form, "actions[0].url")).isEqualTo("action-0-url");
		assertThat(FormProblems.target(form, "actions[1].target.phones")).isEqualTo("action-1-target-phones");
		assertThat(FormProblems.target(form, "actions[1].target.via.postalAddress"))
			.isEqualTo("action-1-via-postalAddress");
	}

	@Test
	void aTextInSeveralLanguagesIsLinkedByItsFirstLanguagesField() {
		AlertForm form = new AlertForm();
		form.setDefaultLanguage("es");
		form.setLanguages(
				new ArrayList<>(List.of(new AlertForm.LanguageFields("es"), new AlertForm.LanguageFields("en"))));

		assertThat(FormProblems.target(form, "actions[0].text")).isEqualTo("action-0-text-es");
		assertThat(FormProblems.target(form, "actions[2].venue")).isEqualTo("action-2-venue-es");
		assertThat(FormProblems.target(form, "actions[1].target.via.title")).isEqualTo("action-1-via-title-es");
	}

	@Test
	void aProblemOfNoOneFieldIsLinkedByTheParagraphThatStatesIt() {
		AlertForm form = new AlertForm();

		assertThat(FormProblems.target(form, "actions[1].target")).isEqualTo("action-1-target-name");
		assertThat(FormProblems.target(form, "actions[1].target.via")).isEqualTo("action-1-via-name");
		assertThat(FormProblems.target(form, "actions[3]")).isEqualTo("action-3-problem");
		assertThat(FormProblems.target(form, "actions[3].kind")).isEqualTo("action-3-kind-problem");
		assertThat(FormProblems.target(form, "languages")).isEqualTo("languages-problem");
		assertThat(FormProblems.target(form, "actions")).isEqualTo("actions-problem");
		// No language at all: a text's fields are not drawn, its problem is.
		form.setDefaultLanguage("");
		form.setLanguages(new ArrayList<>(List.of(new AlertForm.LanguageFields(""))));
		assertThat(FormProblems.target(form, "actions[0].venue")).isEqualTo("action-0-venue-problem");
	}

	@Test
	void theListSaysTheFieldsLabelAndTheProblemInTheOrderFound() {
		AlertForm form = new AlertForm();
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("languages[0].title", "is required");
		problems.put("campaignId", "must be a slug");

		assertThat(FormProblems.listed(form, problems)).containsExactly(
				new FormProblems.Listed("Title (en): is required", "title-0"),
				new FormProblems.Listed("Campaign id: must be a slug", "campaignId"));
	}

}
