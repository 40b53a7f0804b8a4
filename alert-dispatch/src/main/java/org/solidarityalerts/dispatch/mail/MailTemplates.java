package org.solidarityalerts.dispatch.mail;

import java.util.Locale;
import java.util.Set;

import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * The one Thymeleaf setup of every e-mail dispatch writes, alerts, digests and
 * subscription mails alike ({@code templates/mail/*.html} and {@code *.txt}, the
 * service's words from {@link ServiceWords}), so that they are all rendered, cached and
 * isolated the same way.
 */
@Component
public class MailTemplates {

	private final ServiceWords words = new ServiceWords();

	private final SpringTemplateEngine engine = new SpringTemplateEngine();

	/**
	 * Reads the templates from {@code templates/mail/} on the class path.
	 */
	public MailTemplates() {
		this.engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html"));
		this.engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt"));
		this.engine.setTemplateEngineMessageSource(this.words);
	}

	private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setResolvablePatterns(Set.of("*" + suffix));
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCheckExistence(true);
		resolver.setCacheable(true);
		return resolver;
	}

	/**
	 * A context for a message that the service's words begin: their language and
	 * direction, and what the plain text puts around a URL after them (in a right-to-left
	 * language, an isolate, so the URL keeps its order).
	 * @param locale the locale of the service's words
	 * @return the context
	 */
	public Context context(Locale locale) {
		Context context = new Context(locale);
		context.setVariable("language", locale.getLanguage());
		context.setVariable("direction", ServiceWords.direction(locale));
		isolates(context, locale);
		return context;
	}

	static void isolates(Context context, Locale locale) {
		boolean rtl = ServiceWords.isRightToLeft(locale);
		context.setVariable("fsi", rtl ? String.valueOf(ServiceWords.FSI) : "");
		context.setVariable("pdi", rtl ? String.valueOf(ServiceWords.PDI) : "");
	}

	/**
	 * Renders a template.
	 * @param template its name under {@code templates/mail/}, with its suffix
	 * ({@code .html} or {@code .txt})
	 * @param context the variables
	 * @return the text
	 */
	public String process(String template, Context context) {
		return this.engine.process(template, context);
	}

	/**
	 * The service's words the templates use.
	 * @return the message source
	 */
	ServiceWords words() {
		return this.words;
	}

}
