package org.solidarityalerts.dashboard.web;

import java.util.Map;
import java.util.Set;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.stereotype.Component;

/**
 * Renders one fragment of a page's template outside a request, for live updates, with the
 * same model the page used.
 */
@Component
class Fragments {

	private final ITemplateEngine templates;

	Fragments(ITemplateEngine templates) {
		this.templates = templates;
	}

	String render(String template, String fragment, Map<String, Object> model) {
		Context context = new Context();
		context.setVariables(model);
		return this.templates.process(template, Set.of(fragment), context);
	}

}
