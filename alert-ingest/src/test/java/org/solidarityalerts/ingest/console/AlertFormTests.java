package org.solidarityalerts.ingest.console;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.LocalizedText;
import org.solidarityalerts.ingest.alert.AlertDraft;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose form without a server: how its rows become actions, and how the service's
 * problem paths find the form's fields.
 */
class AlertFormTests {

	@Test
	void aProblemInsideAnActionIsKeyedByTheFormsRowWithoutListIndicesOrLanguage() {
		AlertForm form = new AlertForm();
		form.getActions().add(new ActionFields("sign-petition"));
		form.getActions().getFirst().setUrl("https://petitions.example.org/free-dana");
		form.getActions().add(new ActionFields("write"));
		ActionFields phone = new ActionFields("phone");
		phone.getTarget().setName("Aliya Nurova");
		form.getActions().add(phone);
		AlertDraft draft = form.toDraft(new LinkedHashMap<>(), false, null);

		assertThat(draft.actions()).hasSize(2);
		assertThat(form.fieldOf("actions[1].target.phones[0]")).isEqualTo("actions[2].target.phones");
		assertThat(form.fieldOf("actions[1].target.via.title.es")).isEqualTo("actions[2].target.via.title");
		assertThat(form.fieldOf("actions[1].target")).isEqualTo("actions[2].target");
		assertThat(form.fieldOf("actions[0].label.es")).isEqualTo("actions[0].text");
		assertThat(form.fieldOf("actions[0].url")).isEqualTo("actions[0].url");
		assertThat(form.fieldOf("actions[5].url")).isEqualTo("actions");
		assertThat(form.fieldOf("residenceCountries[1]")).isEqualTo("residenceCountries");
	}

	@Test
	void aShortTextInTheDefaultLanguageAloneIsUntaggedAndWithOthersItIsByLanguage() {
		assertThat(AlertForm.localized(Map.of("en", " Plaza Mayor "), "en")).isEqualTo(LocalizedText.of("Plaza Mayor"));
		assertThat(AlertForm.localized(Map.of("en", "Ask", "es", "Pide", "fr", " "), "en"))
			.isEqualTo(new LocalizedText(Map.of("en", "Ask", "es", "Pide")));
		assertThat(AlertForm.localized(Map.of("en", ""), "en")).isNull();
		assertThat(AlertForm.texts(LocalizedText.of("Plaza Mayor"), "es"))
			.containsExactly(Map.entry("es", "Plaza Mayor"));
	}

	@Test
	void anEventsLocalTimesAreReadInTheVenuesTimeZoneAndWrittenBackTheSame() {
		ActionFields attend = new ActionFields("attend");
		attend.getVenue().put("en", "Plaza Mayor");
		attend.setAddress("Plaza Mayor 1\n\n28012 Madrid\n");
		attend.setTimeZone("Europe/Madrid");
		attend.setStart("2026-12-16T18:00");
		attend.setCopiesTo("campaign@example.org\n");
		attend.setResidenceCountries("es, pt");
		Action.Attend action = (Action.Attend) attend.toAction("actions[0]", "en", new LinkedHashMap<>());

		assertThat(action.start().toInstant())
			.isEqualTo(LocalDateTime.parse("2026-12-16T18:00").atZone(ZoneId.of("Europe/Madrid")).toInstant());
		assertThat(action.address()).containsExactly("Plaza Mayor 1", "28012 Madrid");
		assertThat(action.copiesTo()).containsExactly("campaign@example.org");
		assertThat(action.residenceCountries()).containsExactly("ES", "PT");
		ActionFields back = ActionFields.of(action, "en");
		assertThat(back.getStart()).isEqualTo("2026-12-16T18:00");
		assertThat(back.getVenue()).containsExactly(Map.entry("en", "Plaza Mayor"));
		assertThat(back.toAction("actions[0]", "en", new LinkedHashMap<>())).isEqualTo(action);
	}

	@Test
	void anEventWithoutATimeZoneIsReportedForItsTimeZoneOnly() {
		ActionFields attend = new ActionFields("attend");
		attend.setStart("2026-12-16T18:00");
		Map<String, String> problems = new LinkedHashMap<>();
		Action.Attend action = (Action.Attend) attend.toAction("actions[0]", "en", problems);

		assertThat(problems).isEmpty();
		assertThat(action.start()).isNotNull();
		assertThat(action.timeZone()).isNull();
	}

	@Test
	void theFirstFormsFieldNamesFillTheFirstPetitionAndTheFirstLetter() {
		AlertForm form = new AlertForm();
		form.setTargetTitle("Chair of the Supreme Court");
		form.setTargetEmail("court@example.org");
		form.setPetitionUrl("https://petitions.example.org/free-dana");
		AlertDraft draft = form.toDraft(new LinkedHashMap<>(), false, null);

		assertThat(draft.actions()).hasSize(2);
		assertThat(draft.actions().get(0)).isInstanceOf(Action.SignPetition.class);
		Action.WriteTo letter = (Action.WriteTo) draft.actions().get(1);
		assertThat(letter.target().title()).isEqualTo(LocalizedText.of("Chair of the Supreme Court"));
		assertThat(letter.target().emails()).isEqualTo(List.of("court@example.org"));
		assertThat(form.getActions()).hasSize(2);
	}

}
