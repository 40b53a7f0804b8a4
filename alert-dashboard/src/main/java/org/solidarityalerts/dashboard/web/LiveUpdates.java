package org.solidarityalerts.dashboard.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.solidarityalerts.contract.WireFormat;
import org.solidarityalerts.dashboard.DashboardProperties;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Live updates over server-sent events. A browser subscribes to one view; once per update
 * interval each view with subscribers is rendered once, and sent to those whose last
 * update differs; an idle stream gets a comment every heartbeat. Subscriptions are added
 * and removed by request threads in a copy-on-write list; only the scheduler thread
 * renders and sends. When the dashboard shuts down, every stream is ended first (the
 * browser reconnects to another instance): the web server's graceful shutdown would
 * otherwise wait its whole timeout for streams that never end.
 */
@RestController
class LiveUpdates implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(LiveUpdates.class);

	private final CopyOnWriteArrayList<Viewer> viewers = new CopyOnWriteArrayList<>();

	private final Views views;

	private final Fragments fragments;

	private final DashboardProperties properties;

	private final Clock clock;

	private volatile boolean running;

	LiveUpdates(Views views, Fragments fragments, DashboardProperties properties, MeterRegistry meters, Clock clock) {
		this.views = views;
		this.fragments = fragments;
		this.properties = properties;
		this.clock = clock;
		Gauge.builder("alert.dashboard.live.viewers", this.viewers, List::size)
			.description("Browsers following a live view")
			.register(meters);
	}

	static String url(String view, Map<String, String> params) {
		String query = new TreeMap<>(params).entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return "/live/" + view + (query.isEmpty() ? "" : "?" + query);
	}

	/**
	 * A browser opening a live view's stream as a page (its address copied from the
	 * page's source or shared) is sent to the page that the stream follows.
	 * @param view the view's name
	 * @param params its parameters
	 * @param user who asks
	 * @return the redirect to the view's page
	 */
	@GetMapping(path = "/live/{view}", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<Void> page(@PathVariable String view, @RequestParam Map<String, String> params,
			Authentication user) {
		UriComponentsBuilder page = UriComponentsBuilder.newInstance();
		if (view.equals("throughput")) {
			// The board's charts.
			return ResponseEntity.status(HttpStatus.FOUND).location(page.path("/").build().toUri()).build();
		}
		if (this.views.view(view, params, Roles.operator(user)) == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		switch (view) {
			case "board" -> page.path("/");
			case "alert" -> page.pathSegment("alerts", params.get("id"));
			default -> page.pathSegment(view);
		}
		params.forEach((name, value) -> {
			if (!name.equals("id")) {
				page.queryParam(name, value);
			}
		});
		return ResponseEntity.status(HttpStatus.FOUND).location(page.build().encode().toUri()).build();
	}

	@GetMapping(path = "/live/{view}", produces = "text/event-stream")
	SseEmitter follow(@PathVariable String view, @RequestParam Map<String, String> params, Authentication user,
			HttpServletResponse response) {
		boolean operator = Roles.operator(user);
		if (!view.equals("throughput") && this.views.view(view, params, operator) == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		// nginx (and ingress-nginx) buffers a proxied answer unless told not to, which
		// would hold every update back until its buffer fills.
		response.setHeader("X-Accel-Buffering", "no");
		SseEmitter emitter = new SseEmitter(0L);
		Viewer viewer = new Viewer(emitter, view, new TreeMap<>(params), operator);
		emitter.onCompletion(() -> this.viewers.remove(viewer));
		emitter.onTimeout(() -> this.viewers.remove(viewer));
		emitter.onError((ex) -> this.viewers.remove(viewer));
		this.viewers.add(viewer);
		return emitter;
	}

	@Scheduled(fixedDelayString = "${alert.dashboard.live.update-interval:1s}")
	void push() {
		if (this.viewers.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Map<String, @Nullable String> rendered = new HashMap<>();
		for (Viewer viewer : this.viewers) {
			String content = rendered.computeIfAbsent(viewer.key(), (key) -> render(viewer));
			try {
				if (content != null && !content.equals(viewer.last)) {
					viewer.emitter.send(SseEmitter.event().name("update").data(content));
					viewer.last = content;
					viewer.lastSentAt = now;
				}
				else if (Duration.between(viewer.lastSentAt, now).compareTo(this.properties.live().heartbeat()) >= 0) {
					viewer.emitter.send(SseEmitter.event().comment("heartbeat"));
					viewer.lastSentAt = now;
				}
			}
			catch (IOException | IllegalStateException ex) {
				this.viewers.remove(viewer);
				viewer.emitter.completeWithError(ex);
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Ends every stream. Stopped in the default phase, so before the web server's
	 * graceful shutdown begins.
	 */
	@Override
	public void stop() {
		this.running = false;
		for (Viewer viewer : this.viewers) {
			this.viewers.remove(viewer);
			viewer.emitter.complete();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private @Nullable String render(Viewer viewer) {
		try {
			if (viewer.view.equals("throughput")) {
				return WireFormat.jsonMapper().writeValueAsString(this.views.throughput());
			}
			Views.View view = this.views.view(viewer.view, viewer.params, viewer.operator);
			if (view == null) {
				return null;
			}
			// One line per event: the browser joins data lines with newlines anyway.
			return this.fragments.render(view.template(), view.fragment(), view.model()).replace('\n', ' ');
		}
		catch (RuntimeException ex) {
			logger.warn("Rendering the live view {} failed", viewer.view, ex);
			return null;
		}
	}

	/**
	 * One browser following one view. Its last content and time are written by the
	 * scheduler thread only.
	 */
	private static final class Viewer {

		private final SseEmitter emitter;

		private final String view;

		private final Map<String, String> params;

		private final boolean operator;

		private volatile @Nullable String last;

		private volatile Instant lastSentAt = Instant.EPOCH;

		private Viewer(SseEmitter emitter, String view, Map<String, String> params, boolean operator) {
			this.emitter = emitter;
			this.view = view;
			this.params = Map.copyOf(new LinkedHashMap<>(params));
			this.operator = operator;
		}

		String key() {
			return this.view + new TreeMap<>(this.params) + this.operator;
		}

	}

}
