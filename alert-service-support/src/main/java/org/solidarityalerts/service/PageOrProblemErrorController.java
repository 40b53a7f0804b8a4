package org.solidarityalerts.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * Spring Boot's error controller, whose pages the service's {@link ErrorViewResolver}
 * draws, answering every other client with an RFC 9457 problem detail
 * ({@code application/problem+json}) instead of Boot's own JSON: what ends on the error
 * page of an API (an address that leads nowhere, MongoDB out of reach, a failure) reads
 * as the API's other refusals do, without the exception's class, message or path. A
 * service imports it ({@code @Import}) in place of Boot's.
 */
public class PageOrProblemErrorController extends BasicErrorController {

	/**
	 * The controller, with the service's error pages.
	 * @param errorAttributes what Spring Boot records of an error
	 * @param pages the service's error pages
	 */
	public PageOrProblemErrorController(ErrorAttributes errorAttributes, ObjectProvider<ErrorViewResolver> pages) {
		super(errorAttributes, new ErrorProperties(), pages.orderedStream().toList());
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.NO_CONTENT) {
			return ResponseEntity.noContent().build();
		}
		ProblemDetail problem = ProblemDetails.of(status, status.getReasonPhrase(), detail(status));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	private static String detail(HttpStatus status) {
		return switch (status.value()) {
			case 400 -> "The request could not be read; nothing was changed.";
			case 401, 403 -> "This is not allowed with the credentials sent, if any; nothing was changed.";
			case 404 -> "There is nothing at this address.";
			case 405 -> "This method is not allowed here.";
			case 413 -> "The request is too large; nothing was changed.";
			case 503 -> "The service cannot reach its database right now, so the request may not have been carried "
					+ "out. Try again in a minute.";
			default -> status.is5xxServerError()
					? "Something went wrong on our side, and the request may not have been carried out. Try again "
							+ "later."
					: "The request could not be answered.";
		};
	}

}
