package org.solidarityalerts.dispatch.operators;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.solidarityalerts.dispatch.subscription.SubscriptionProperties;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisers' CSV import, for the {@code operator} user (HTTP basic). The file is the
 * request body, {@code text/csv}, UTF-8, at most
 * {@code alert.dispatch.subscription.list-import.max-size}.
 */
@RestController
class ImportApi {

	private final ListImport listImport;

	private final SubscriptionProperties properties;

	ImportApi(ListImport listImport, SubscriptionProperties properties) {
		this.listImport = listImport;
		this.properties = properties;
	}

	@PostMapping(path = "/api/v1/imports", consumes = "text/csv")
	ImportReport importList(@RequestParam(defaultValue = "") String consentWording, HttpServletRequest request)
			throws IOException {
		long max = this.properties.listImport().maxSize().toBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(max);
		}
		byte[] bytes;
		try (InputStream body = request.getInputStream()) {
			bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
		}
		if (bytes.length > max) {
			throw tooLarge(max);
		}
		return this.listImport.importCsv(bytes, consentWording);
	}

	private static ImportRefusedException tooLarge(long max) {
		return new ImportRefusedException(HttpStatus.CONTENT_TOO_LARGE, "File too large",
				"The file is larger than " + max + " bytes; split it and import the parts. Nothing was imported.");
	}

}
