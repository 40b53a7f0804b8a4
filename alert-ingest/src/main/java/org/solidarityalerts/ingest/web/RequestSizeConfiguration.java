package org.solidarityalerts.ingest.web;

import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.service.ProblemDetails;
import org.solidarityalerts.service.RequestSizeLimit;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Refuses request bodies larger than {@code alert.ingest.limits.max-request-size} with
 * 413 and a problem detail (a page for a browser's console form), before authentication
 * and before anything is read: at once when the declared {@code Content-Length} is too
 * large, and while reading when a chunked body grows too large ({@link ApiProblems}
 * answers that one).
 */
@Configuration(proxyBeanMethods = false)
class RequestSizeConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(IngestProperties properties) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				RequestSizeLimit.counting(properties.limits().maxRequestSize(), (request, response, status, limit) -> {
					if (ApiProblems.forPeople(request)) {
						// A console form: the error page answers it with the console's
						// page.
						response.sendError(status.value());
					}
					else {
						ProblemDetails.write(response, ApiProblems.tooLarge(limit));
					}
				}));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
