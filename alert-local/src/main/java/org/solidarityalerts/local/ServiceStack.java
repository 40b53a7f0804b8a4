package org.solidarityalerts.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.solidarityalerts.dispatch.DispatchApplication;
import org.solidarityalerts.ingest.IngestApplication;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * alert-ingest and alert-dispatch running side by side in one JVM, each in its own
 * application context with its own configuration file, pointed at the same Kafka, MongoDB
 * and SMTP servers.
 */
public final class ServiceStack implements AutoCloseable {

	private final ConfigurableApplicationContext ingest;

	private final ConfigurableApplicationContext dispatch;

	private ServiceStack(ConfigurableApplicationContext ingest, ConfigurableApplicationContext dispatch) {
		this.ingest = ingest;
		this.dispatch = dispatch;
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
		ConfigurableApplicationContext dispatch = DispatchApplication.builder()
			.run(arguments(shared, dispatchProperties));
		try {
			ConfigurableApplicationContext ingest = IngestApplication.builder()
				.run(arguments(shared, ingestProperties));
			return new ServiceStack(ingest, dispatch);
		}
		catch (RuntimeException ex) {
			dispatch.close();
			throw ex;
		}
	}

	private static String[] arguments(Map<String, Object> shared, Map<String, Object> own) {
		List<String> arguments = new ArrayList<>();
		shared.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		own.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return arguments.toArray(String[]::new);
	}

	public ConfigurableApplicationContext ingest() {
		return this.ingest;
	}

	public ConfigurableApplicationContext dispatch() {
		return this.dispatch;
	}

	public int ingestPort() {
		return ((WebServerApplicationContext) this.ingest).getWebServer().getPort();
	}

	public int dispatchPort() {
		return ((WebServerApplicationContext) this.dispatch).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.ingest.close();
		this.dispatch.close();
	}

}
