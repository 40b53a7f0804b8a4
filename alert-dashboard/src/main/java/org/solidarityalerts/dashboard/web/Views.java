package org.solidarityalerts.dashboard.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.AlertKind;
import org.solidarityalerts.contract.DeliveryStatus;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dashboard.audit.AuditLog;
import org.solidarityalerts.dashboard.board.BoardPage;
import org.solidarityalerts.dashboard.board.FanOutBoard;
import org.solidarityalerts.dashboard.board.FanOutBoard.Minute;
import org.solidarityalerts.dashboard.board.FanOutRow;
import org.solidarityalerts.dashboard.board.FanOutState;
import org.solidarityalerts.dashboard.deadletters.DeadLetters;
import org.solidarityalerts.dashboard.health.HealthMonitor;
import org.solidarityalerts.dashboard.topics.TopicMonitor;

import org.springframework.stereotype.Component;

/**
 * The models of the dashboard's views, shared by the pages and their live updates, so
 * that a live update shows exactly what a reload would.
 */
@Component
class Views {

	static final int BOARD_ROWS = 50;

	/** The days over which the board shows the complaint rate. */
	static final int COMPLAINT_DAYS = 30;

	/** The latest service-mail attempts that did not send, shown on the board. */
	static final int SERVICE_MAIL_PROBLEMS = 10;

	static final List<String> STATUSES = java.util.Arrays.stream(DeliveryStatus.values())
		.map(WireFormat::name)
		.toList();

	static final List<String> KINDS = java.util.Arrays.stream(AlertKind.values()).map(WireFormat::name).toList();

	private final FanOutBoard board;

	private final TopicMonitor topics;

	private final DeadLetters deadLetters;

	private final HealthMonitor health;

	private final AuditLog audit;

	Views(FanOutBoard board, TopicMonitor topics, DeadLetters deadLetters, HealthMonitor health, AuditLog audit) {
		this.board = board;
		this.topics = topics;
		this.deadLetters = deadLetters;
		this.health = health;
		this.audit = audit;
	}

	/**
	 * A view's template, the fragment that updates live, and its model.
	 * @param view the view's name
	 * @param params its parameters (an alert id, a status filter, the board's filters and
	 * page)
	 * @param operator whether the viewer may act
	 * @return the view, or null if there is no such view
	 */
	@Nullable View view(String view, Map<String, String> params, boolean operator) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("operator", operator);
		switch (view) {
			case "board" -> {
				BoardFilter filter = BoardFilter.of(params);
				BoardPage page = this.board.board(filter.query(BOARD_ROWS));
				model.put("filter", filter);
				model.put("page", page);
				model.put("rows", page.rows());
				model.put("states", List.of(FanOutState.values()));
				model.put("kinds", KINDS);
				model.put("complaints", this.board.complaintRate(COMPLAINT_DAYS));
				model.put("serviceMails", this.board.serviceMails(SERVICE_MAIL_PROBLEMS));
			}
			case "alert" -> {
				String id = params.get("id");
				if (id == null || !isAlertId(id)) {
					return null;
				}
				String status = STATUSES.contains(params.get("status")) ? params.get("status") : null;
				List<FanOutRow> versions = this.board.versions(id).orElse(List.of());
				model.put("alertId", id);
				model.put("versions", versions);
				model.put("status", status);
				model.put("statuses", STATUSES);
				model.put("outcomes", this.board.outcomes(id, status, 200));
			}
			case "topics" -> model.put("topics", this.topics.view());
			case "dead-letters" -> model.put("letters", this.deadLetters.list());
			case "status" -> model.put("health", this.health.view());
			case "audit" -> model.put("entries", this.audit.latest(200));
			default -> {
				return null;
			}
		}
		return new View("dashboard/" + view, "live", model);
	}

	/**
	 * Whether a text is an alert's id as the dashboard writes it (a UUID): anything else
	 * is no alert's page, not an alert the dashboard has not seen yet.
	 * @param id the text
	 * @return whether it is an alert id
	 */
	private static boolean isAlertId(String id) {
		try {
			return UUID.fromString(id).toString().equals(id);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The throughput charts' data: e-mails per minute and records per topic per minute
	 * over the last hour.
	 * @return data for Chart.js
	 */
	Map<String, Object> throughput() {
		List<Minute> minutes = this.board.throughput(60);
		List<String> labels = new ArrayList<>();
		List<Long> sent = new ArrayList<>();
		List<Long> failed = new ArrayList<>();
		for (Minute minute : minutes) {
			labels.add(label(minute.minute()));
			sent.add(minute.sent());
			failed.add(minute.failed());
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("labels", labels);
		data.put("sent", sent);
		data.put("failed", failed);
		Map<String, List<Long>> topics = new LinkedHashMap<>();
		this.topics.messagesPerMinute().forEach((topic, rates) -> {
			if (!topic.endsWith(".dlt")) {
				topics.put(topic, rates);
			}
		});
		data.put("topics", topics);
		return data;
	}

	private static String label(Instant minute) {
		return minute.toString().substring(11, 16);
	}

	/**
	 * A view to render.
	 *
	 * @param template the template
	 * @param fragment the fragment that updates live
	 * @param model the model
	 */
	record View(String template, String fragment, Map<String, Object> model) {
	}

}
