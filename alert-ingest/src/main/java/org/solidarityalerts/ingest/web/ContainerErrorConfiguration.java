package org.solidarityalerts.ingest.web;

import org.solidarityalerts.service.ContainerErrors;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.ReadableParameters;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Replaces Tomcat's HTML error report with {@link ProblemErrorReportValve}, so that what
 * Tomcat refuses before Spring sees the request is a problem detail too; and so are a
 * query or a form whose parameters Tomcat cannot decode ({@link ReadableParameters}).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return ContainerErrors.reportedBy(ProblemErrorReportValve::new);
	}

	@Bean
	FilterRegistrationBean<ReadableParameters> readableParameters() {
		FilterRegistrationBean<ReadableParameters> registration = new FilterRegistrationBean<>(new ReadableParameters(
				(request, response) -> ProblemDetails.write(response, ReadableParameters.problem())));
		// After the console's own, which answers its pages with a page.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 13);
		return registration;
	}

}
