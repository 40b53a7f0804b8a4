package org.solidarityalerts.ingest.alert;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertId;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.ingest.IngestProperties;
import org.solidarityalerts.ingest.alert.AlertStore.AlertFilter;
import org.solidarityalerts.ingest.alert.AlertStore.Page;
import org.solidarityalerts.ingest.alert.IdempotentPosts.Response;
import org.solidarityalerts.ingest.alert.InvalidAlertException.FieldProblem;
import org.solidarityalerts.ingest.organiser.Organiser;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisers' alerts API. Every change is answered 202: it is stored durably and will
 * be published onto Kafka at its {@code publishAt}.
 */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "Alerts", description = "Post, correct, cancel and list your organisation's alerts")
class AlertController {

	private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

	private final AlertService alerts;

	private final IdempotentPosts idempotentPosts;

	private final JsonMapper jsonMapper;

	private final IngestProperties properties;

	private final Clock clock;

	AlertController(AlertService alerts, IdempotentPosts idempotentPosts, JsonMapper jsonMapper,
			IngestProperties properties, Clock clock) {
		this.alerts = alerts;
		this.idempotentPosts = idempotentPosts;
		this.jsonMapper = jsonMapper;
		this.properties = properties;
		this.clock = clock;
	}

	@Operation(operationId = "postAlert", summary = "Post a new alert",
			description = "202: stored durably; published at its publishAt. With an Idempotency-Key, a retry with the same body returns the first response; the same key with another body is 422.")
	@ApiResponse(responseCode = "202", description = "Stored",
			content = @Content(schema = @Schema(implementation = AlertView.class)))
	@PostMapping
	ResponseEntity<JsonNode> post(@AuthenticationPrincipal Organiser organiser,
			@Parameter(description = "Any unique string (e.g. a UUID) that makes retries safe") @RequestHeader(
					name = IdempotentPosts.HEADER, required = false) @Nullable String idempotencyKey,
			@RequestBody AlertDraft draft) {
		Response response;
		if (idempotencyKey == null) {
			response = created(organiser, draft, AlertId.random());
		}
		else {
			this.alerts.check(draft);
			response = this.idempotentPosts.once(organiser.organisation(), idempotencyKey, draft,
					(id) -> created(organiser, draft, id), (id) -> recovered(organiser, id));
		}
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status())
			.location(URI.create(response.location()))
			.contentType(MediaType.APPLICATION_JSON);
		if (response.replayed()) {
			builder.header("Idempotent-Replayed", "true");
		}
		return builder.body(this.jsonMapper.readTree(response.body()));
	}

	@Operation(operationId = "listAlerts", summary = "List your alerts, newest first",
			description = "Filters: campaign (slug), kind (urgent-action, appeal, news, event), state (active, cancelled), from/to (ISO 8601 instants, on publishAt; from inclusive, to exclusive). Pages from 0.")
	@GetMapping
	AlertList list(@AuthenticationPrincipal Organiser organiser, @ParameterObject AlertListQuery query) {
		List<FieldProblem> problems = new ArrayList<>();
		String campaign = query.campaign();
		if (campaign != null && !SLUG.matcher(campaign).matches()) {
			problems
				.add(new FieldProblem("campaign", "must be a campaign slug of lower-case letters, digits and dashes"));
		}
		AlertKind alertKind = null;
		if (query.kind() != null) {
			alertKind = Arrays.stream(AlertKind.values())
				.filter((candidate) -> WireFormat.name(candidate).equals(query.kind()))
				.findFirst()
				.orElse(null);
			if (alertKind == null) {
				problems.add(new FieldProblem("kind", "must be one of urgent-action, appeal, news, event"));
			}
		}
		Boolean cancelled = null;
		if (query.state() != null) {
			cancelled = switch (query.state()) {
				case "active" -> false;
				case "cancelled" -> true;
				default -> {
					problems.add(new FieldProblem("state", "must be active or cancelled"));
					yield null;
				}
			};
		}
		Instant fromInstant = instant("from", query.from(), problems);
		Instant toInstant = instant("to", query.to(), problems);
		if (fromInstant != null && toInstant != null && !toInstant.isAfter(fromInstant)) {
			problems.add(new FieldProblem("to", "must be after from"));
		}
		int pageNumber = number("page", query.page(), 0, 0, 100_000, problems);
		int pageSize = number("size", query.size(), this.properties.paging().defaultSize(), 1,
				this.properties.paging().maxSize(), problems);
		if (!problems.isEmpty()) {
			throw new InvalidAlertException(problems);
		}
		Page found = this.alerts.list(organiser,
				new AlertFilter(null, campaign, alertKind, cancelled, fromInstant, toInstant), pageNumber, pageSize);
		Instant now = this.clock.instant();
		return new AlertList(found.alerts().stream().map((alert) -> AlertSummary.of(alert, now)).toList(), pageNumber,
				pageSize, found.total(), (int) ((found.total() + pageSize - 1) / pageSize));
	}

	@Operation(operationId = "getAlert", summary = "Get an alert with all its versions and its publishing state")
	@GetMapping("/{id}")
	ResponseEntity<AlertView> get(@AuthenticationPrincipal Organiser organiser, @PathVariable String id) {
		StoredAlert alert = this.alerts.get(organiser, id);
		return ResponseEntity.ok().eTag(etag(alert)).body(AlertView.of(alert, this.clock.instant()));
	}

	@Operation(operationId = "updateAlert", summary = "Post a new version of an alert",
			description = "The whole alert as it should now read; its kind cannot change. Send If-Match with the ETag you read to make sure nobody changed it meanwhile (412 if they did).")
	@PutMapping("/{id}")
	ResponseEntity<AlertView> update(@AuthenticationPrincipal Organiser organiser, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody AlertDraft draft) {
		StoredAlert alert = this.alerts.update(organiser, id, draft, version(ifMatch));
		return accepted(alert);
	}

	@Operation(operationId = "cancelAlert", summary = "Cancel an alert",
			description = "Says why, by language; a cancelled alert cannot change.")
	@PostMapping("/{id}/cancel")
	ResponseEntity<AlertView> cancel(@AuthenticationPrincipal Organiser organiser, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody Cancellation cancellation) {
		StoredAlert alert = this.alerts.cancel(organiser, id, cancellation, version(ifMatch));
		return accepted(alert);
	}

	private ResponseEntity<AlertView> accepted(StoredAlert alert) {
		return ResponseEntity.accepted()
			.location(location(alert))
			.eTag(etag(alert))
			.body(AlertView.of(alert, this.clock.instant()));
	}

	private Response created(Organiser organiser, AlertDraft draft, AlertId id) {
		return response(this.alerts.post(organiser, draft, id));
	}

	private Optional<Response> recovered(Organiser organiser, AlertId id) {
		try {
			return Optional.of(response(this.alerts.get(organiser, id.toString())));
		}
		catch (AlertNotFoundException ex) {
			return Optional.empty();
		}
	}

	private Response response(StoredAlert alert) {
		String body = this.jsonMapper.writeValueAsString(AlertView.of(alert, this.clock.instant()));
		return new Response(HttpStatus.ACCEPTED.value(), location(alert).toString(), body, false);
	}

	private static URI location(StoredAlert alert) {
		return URI.create("/api/v1/alerts/" + alert.id());
	}

	private static String etag(StoredAlert alert) {
		return "\"" + alert.version() + "\"";
	}

	private static @Nullable Integer version(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
			return null;
		}
		String tag = ifMatch.trim();
		if (tag.startsWith("W/")) {
			tag = tag.substring(2);
		}
		tag = tag.replace("\"", "");
		try {
			return Integer.valueOf(tag);
		}
		catch (NumberFormatException ex) {
			throw new InvalidAlertException(List
				.of(new FieldProblem(HttpHeaders.IF_MATCH, "must be the ETag of the version you read, such as \"2\"")));
		}
	}

	private static @Nullable Instant instant(String name, @Nullable String value, List<FieldProblem> problems) {
		if (value == null) {
			return null;
		}
		try {
			Instant instant = Instant.parse(value);
			if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
				problems.add(new FieldProblem(name, "must be between the years 0001 and 9999"));
				return null;
			}
			return instant;
		}
		catch (DateTimeParseException ex) {
			problems.add(new FieldProblem(name, "must be an ISO 8601 instant, such as 2026-11-25T00:00:00Z"));
			return null;
		}
	}

	private static int number(String name, @Nullable String value, int fallback, int min, int max,
			List<FieldProblem> problems) {
		if (value == null) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value);
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problems.add(new FieldProblem(name, "must be a whole number from " + min + " to " + max));
		return fallback;
	}

	/**
	 * The list's filters, as they come in the query string. They are bound as text and
	 * checked here, so that every bad one is reported at once, each naming its parameter.
	 *
	 * @param campaign only this campaign (its slug)
	 * @param kind only this kind: urgent-action, appeal, news or event
	 * @param state only active or only cancelled alerts
	 * @param from only alerts published at or after this ISO 8601 instant
	 * @param to only alerts published before this ISO 8601 instant
	 * @param page the page, from 0
	 * @param size the page size, from 1 to the configured maximum
	 */
	record AlertListQuery(@Parameter(description = "Only this campaign (its slug)") @Nullable String campaign,
			@Parameter(description = "urgent-action, appeal, news or event") @Nullable String kind,
			@Parameter(description = "active or cancelled") @Nullable String state,
			@Parameter(description = "ISO 8601 instant, inclusive, on publishAt") @Nullable String from,
			@Parameter(description = "ISO 8601 instant, exclusive, on publishAt") @Nullable String to,
			@Parameter(description = "From 0") @Nullable String page,
			@Parameter(description = "From 1 to the maximum page size") @Nullable String size) {
	}

	/**
	 * One page of alerts.
	 *
	 * @param items the alerts on this page
	 * @param page this page's number, from 0
	 * @param size the page size
	 * @param totalItems how many alerts match in all
	 * @param totalPages how many pages there are
	 */
	record AlertList(List<AlertSummary> items, int page, int size, long totalItems, int totalPages) {
	}

}
