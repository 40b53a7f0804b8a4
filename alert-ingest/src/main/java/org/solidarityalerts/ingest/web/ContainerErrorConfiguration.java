package org.solidarityalerts.ingest.web;

import org.solidarityalerts.service.ContainerErrors;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces Tomcat's HTML error report with {@link ProblemErrorReportValve}, so that what
 * Tomcat refuses before Spring sees the request is a problem detail too.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return ContainerErrors.reportedBy(ProblemErrorReportValve::new);
	}

}
