package org.solidarityalerts.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.solidarityalerts.dashboard.DashboardApplication;
import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.ingest.IngestApplication;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * alert-ingest and alert-dispatch, and optionally the operators' dashboard, running side
 * by side in one JVM, each in its own application context with its own configuration
 * file, pointed at the same Kafka, MongoDB and SMTP servers.
 */
public final class ServiceStack implements AutoCloseable {

	/**
	 * springdoc is on the one class path for ingest's sake; each service's own jar has it
	 * only in ingest, so here too dispatch and the dashboard neither describe their
	 * endpoints nor serve Swagger UI.
	 */
	private static final Map<String, Object> WITHOUT_INGESTS_API_DESCRIPTION = Map.of("springdoc.api-docs.enabled",
			false, "springdoc.swagger-ui.enabled", false);

	/**
	 * Every service runs in the {@code local} profile here: development secrets, links in
	 * e-mails on plain http, the actuator on the service's own port.
	 */
	private static final String LOCAL_PROFILE = "local";

	private final ConfigurableApplicationContext ingest;

	private final ConfigurableApplicationContext dispatch;

	private final @Nullable ConfigurableApplicationContext dashboard;

	private ServiceStack(ConfigurableApplicationContext ingest, ConfigurableApplicationContext dispatch,
			@Nullable ConfigurableApplicationContext dashboard) {
		this.ingest = ingest;
		this.dispatch = dispatch;
		this.dashboard = dashboard;
	}

	/**
	 * Starts both services.
	 * @param shared properties both services get, above their own configuration files
	 * (server addresses)
	 * @param ingestProperties properties for ingest only
	 * @param dispatchProperties properties for dispatch only
	 * @return the running stack
	 */
	public static ServiceStack start(Map<String, Object> shared, Map<String, Object> ingestProperties,
			Map<String, Object> dispatchProperties) {
		return start(shared, ingestProperties, dispatchProperties, null);
	}

	/**
	 * Starts both services and the operators' dashboard.
	 * @param shared properties every service gets, above their own configuration files
	 * (server addresses)
	 * @param ingestProperties properties for ingest only
	 * @param dispatchProperties properties for dispatch only
	 * @param dashboardProperties properties for the dashboard only (its users), or null
	 * to run without it
	 * @return the running stack
	 */
	public static ServiceStack start(Map<String, Object> shared, Map<String, Object> ingestProperties,
			Map<String, Object> dispatchProperties, @Nullable Map<String, Object> dashboardProperties) {
		Map<String, Object> others = new LinkedHashMap<>(WITHOUT_INGESTS_API_DESCRIPTION);
		others.put("spring.profiles.active", LOCAL_PROFILE);
		ConfigurableApplicationContext dispatch = DispatchApplication.builder()
			.run(arguments(shared, others, dispatchProperties));
		ConfigurableApplicationContext ingest = null;
		try {
			ingest = IngestApplication.builder()
				.run(arguments(shared, Map.of("spring.profiles.active", LOCAL_PROFILE), ingestProperties));
			ConfigurableApplicationContext dashboard = (dashboardProperties != null)
					? DashboardApplication.builder().run(arguments(shared, others, dashboardProperties)) : null;
			return new ServiceStack(ingest, dispatch, dashboard);
		}
		catch (RuntimeException ex) {
			if (ingest != null) {
				ingest.close();
			}
			dispatch.close();
			throw ex;
		}
	}

	private static String[] arguments(Map<String, Object> shared, Map<String, Object> defaults,
			Map<String, Object> own) {
		List<String> arguments = new ArrayList<>();
		shared.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		defaults.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		own.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments.toArray(String[]::new);
	}

	public ConfigurableApplicationContext ingest() {
		return this.ingest;
	}

	public ConfigurableApplicationContext dispatch() {
		return this.dispatch;
	}

	/**
	 * The dashboard's context.
	 * @return the context
	 * @throws IllegalStateException if the stack runs without the dashboard
	 */
	public ConfigurableApplicationContext dashboard() {
		if (this.dashboard == null) {
			throw new IllegalStateException("This stack runs without the dashboard");
		}
		return this.dashboard;
	}

	public int dashboardPort() {
		return ((WebServerApplicationContext) dashboard()).getWebServer().getPort();
	}

	public int ingestPort() {
		return ((WebServerApplicationContext) this.ingest).getWebServer().getPort();
	}

	public int dispatchPort() {
		return ((WebServerApplicationContext) this.dispatch).getWebServer().getPort();
	}

	@Override
	public void close() {
		if (this.dashboard != null) {
			this.dashboard.close();
		}
		this.ingest.close();
		this.dispatch.close();
	}

}
