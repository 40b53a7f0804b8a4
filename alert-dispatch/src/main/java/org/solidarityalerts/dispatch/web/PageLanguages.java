package org.solidarityalerts.dispatch.web;

import org.solidarityalerts.dispatch.mail.ServiceWords;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The subscribers' pages speak the reader's language: the language is resolved by
 * {@link ReaderLocaleResolver}, a choice from the switcher ({@code ?lang=es}) is
 * remembered by Spring's {@link LocaleChangeInterceptor}, and the words come from the
 * page bundles {@code web/pages*.properties}, then from the e-mails' bundles (for the
 * words the two share), both through {@link ServiceWords}, so that ICU's plural rules
 * apply to pages too.
 */
@Configuration(proxyBeanMethods = false)
public class PageLanguages implements WebMvcConfigurer {

	/**
	 * Named as the dispatcher servlet looks it up, so it replaces Spring Boot's.
	 * @return the resolver
	 */
	@Bean
	LocaleResolver localeResolver() {
		return new ReaderLocaleResolver();
	}

	/**
	 * Named as Spring looks it up, so that Thymeleaf's {@code #{...}} reads it.
	 * @return the page words, then the e-mails' words
	 */
	@Bean
	ServiceWords messageSource() {
		ServiceWords words = new ServiceWords();
		words.setBasenames("web/pages", "mail/messages");
		return words;
	}

	@Bean
	PageWords pageWords(ServiceWords messageSource) {
		return new PageWords(messageSource);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
		interceptor.setParamName(ReaderLocaleResolver.PARAMETER);
		interceptor.setIgnoreInvalidLocale(true);
		registry.addInterceptor(interceptor)
			.addPathPatterns("/subscribe", "/subscribe/**", "/confirm/**", "/preferences/**", "/unsubscribe/**");
	}

}
