package org.solidarityalerts.dispatch.operators;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dispatch.embassy.Embassy;
import org.solidarityalerts.dispatch.embassy.EmbassyDirectory;
import org.solidarityalerts.service.JsonProblems;
import org.solidarityalerts.service.ProblemDetails;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's API for the embassy directory: list, set one embassy, import many from
 * CSV with a row report.
 */
@RestController
@RequestMapping("/api/v1/embassies")
class EmbassyController {

	private final EmbassyDirectory directory;

	EmbassyController(EmbassyDirectory directory) {
		this.directory = directory;
	}

	@GetMapping
	List<Embassy> list(@RequestParam(required = false) @Nullable String subjectCountry) {
		return this.directory.list(subjectCountry);
	}

	@PutMapping("/{subjectCountry}/{residenceCountry}")
	Embassy put(@PathVariable String subjectCountry, @PathVariable String residenceCountry,
			@RequestBody EmbassyDetails details) {
		Map<String, String> fields = new HashMap<>();
		fields.put("subjectCountry", subjectCountry);
		fields.put("residenceCountry", residenceCountry);
		fields.put("name", orEmpty(details.name()));
		fields.put("postalAddress",
				String.join("|", (details.postalAddress() != null) ? details.postalAddress() : List.of()));
		fields.put("email", orEmpty(details.email()));
		fields.put("phone", orEmpty(details.phone()));
		fields.put("salutation", orEmpty(details.salutation()));
		return this.directory.set(fields);
	}

	@PostMapping(path = "/import", consumes = "text/csv")
	ResponseEntity<EmbassyDirectory.ImportReport> importCsv(HttpServletRequest request) throws IOException {
		Reader reader = new InputStreamReader(request.getInputStream(),
				StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT));
		return ResponseEntity.ok(this.directory.importCsv(reader));
	}

	@ExceptionHandler
	ProblemDetail badFile(IllegalArgumentException ex) {
		return ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid embassy", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail unreadableJson(HttpMessageNotReadableException ex) {
		JsonProblems.FieldError error = JsonProblems.unreadable(ex);
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "Invalid embassy",
				"'" + error.field() + "' " + error.reason() + "; nothing was stored.");
		problem.setProperty("errors", List.of(error));
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unreadable(java.io.UncheckedIOException ex) {
		if (ex.getCause() instanceof CharacterCodingException coding) {
			return notUtf8(coding);
		}
		throw ex;
	}

	@ExceptionHandler
	ProblemDetail notUtf8(CharacterCodingException ex) {
		return ProblemDetails.of(HttpStatus.BAD_REQUEST, "Unreadable CSV",
				"The file is not UTF-8 text; nothing was imported after the first bad byte.");
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	/**
	 * One embassy's details, as sent in a PUT.
	 *
	 * @param name its name
	 * @param postalAddress its address lines
	 * @param email its e-mail address
	 * @param phone its phone number
	 * @param salutation how to open a letter to it
	 */
	record EmbassyDetails(@Nullable String name, @Nullable List<String> postalAddress, @Nullable String email,
			@Nullable String phone, @Nullable String salutation) {
	}

}
