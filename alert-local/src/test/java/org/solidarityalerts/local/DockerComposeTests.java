package org.solidarityalerts.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.solidarityalerts.testsupport.TestImages;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} cannot be started on a machine without Docker, so it is
 * checked here: pinned images that match the tests' images, environment variables that
 * name real configuration properties of each service, and ports and addresses that agree
 * with the services' configuration.
 */
class DockerComposeTests {

	private static final List<String> SERVICES = List.of("alert-ingest", "alert-dispatch", "alert-dashboard");

	private final Map<String, Object> compose = load(Path.of("../docker-compose.yml"));

	@Test
	void imagesArePinnedToTheVersionsTheTestsUse() {
		assertThat(image("kafka")).isEqualTo(TestImages.KAFKA.asCanonicalNameString());
		assertThat(image("mongo"))
			.isEqualTo(TestImages.MONGODB.asCanonicalNameString().replace("library/", "").replace("docker.io/", ""));
		assertThat(image("mailpit")).isEqualTo(TestImages.MAILPIT.asCanonicalNameString());
		for (Object service : services().values()) {
			Object image = ((Map<?, ?>) service).get("image");
			if (image != null) {
				assertThat(image.toString()).contains(":").doesNotEndWith(":latest");
			}
		}
	}

	@Test
	void everyServiceEnvironmentVariableNamesARealConfigurationProperty() throws IOException {
		Set<String> known = knownProperties();
		for (String service : SERVICES) {
			for (String variable : environment(service).keySet()) {
				assertThat(known)
					.as("%s sets %s, which no configuration property of the service reads", service, variable)
					.contains(relaxed(listProperty(variable)));
			}
		}
	}

	@Test
	void servicesListenWhereTheirConfigurationSaysAndReachTheServersByName() throws IOException {
		assertThat(ports("alert-ingest"))
			.contains(yamlProperty("ingest.yml", "server.port") + ":" + yamlProperty("ingest.yml", "server.port"));
		assertThat(ports("alert-dispatch"))
			.contains(yamlProperty("dispatch.yml", "server.port") + ":" + yamlProperty("dispatch.yml", "server.port"));
		assertThat(ports("alert-dashboard")).contains(
				yamlProperty("dashboard.yml", "server.port") + ":" + yamlProperty("dashboard.yml", "server.port"));
		String advertised = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").toString();
		for (String service : SERVICES) {
			assertThat(advertised).endsWith("//" + environment(service).get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
			assertThat(environment(service).get("SPRING_MONGODB_URI").toString()).startsWith("mongodb://mongo:");
		}
		assertThat(environment("alert-dispatch")).containsEntry("SPRING_MAIL_HOST", "mailpit")
			.containsEntry("SPRING_MAIL_PORT", 1025);
		assertThat(environment("alert-dashboard")).containsEntry("ALERT_DASHBOARD_HEALTH_SMTP_HOST", "mailpit")
			.containsEntry("ALERT_DASHBOARD_HEALTH_SMTP_PORT", 1025);
		assertThat(environment("kafka")).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
	}

	private String image(String service) {
		return ((Map<?, ?>) services().get(service)).get("image").toString();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> services() {
		return (Map<String, Object>) this.compose.get("services");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> environment(String service) {
		return (Map<String, Object>) ((Map<String, Object>) services().get(service)).getOrDefault("environment",
				Map.of());
	}

	@SuppressWarnings("unchecked")
	private List<String> ports(String service) {
		return (List<String>) ((Map<String, Object>) services().get(service)).get("ports");
	}

	/**
	 * An element of a list property ({@code ALERT_DASHBOARD_USERS_0_NAME}) is checked by
	 * the list property it belongs to ({@code alert.dashboard.users}): the metadata names
	 * lists, not their elements' fields.
	 */
	private static String listProperty(String variable) {
		return variable.replaceFirst("_[0-9]+_.*$", "");
	}

	/**
	 * Environment variables bind to properties by upper-casing and turning dots into
	 * underscores; dashes vanish.
	 */
	private static String relaxed(String name) {
		return name.toLowerCase(Locale.ROOT).replace("_", "").replace(".", "").replace("-", "");
	}

	private static Set<String> knownProperties() throws IOException {
		Set<String> names = new HashSet<>();
		JsonMapper json = JsonMapper.builder().build();
		for (URL url : Collections.list(DockerComposeTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					names.add(relaxed(property.path("name").asString()));
				}
			}
		}
		for (String file : List.of("ingest.yml", "dispatch.yml", "dashboard.yml")) {
			flatten("", loadResource(file), names);
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static void flatten(String prefix, Map<String, Object> yaml, Set<String> names) {
		yaml.forEach((key, value) -> {
			String name = prefix.isEmpty() ? key : prefix + "." + key;
			if (value instanceof Map<?, ?> nested) {
				flatten(name, (Map<String, Object>) nested, names);
			}
			else {
				names.add(relaxed(name));
			}
		});
	}

	@SuppressWarnings("unchecked")
	private static String yamlProperty(String file, String name) throws IOException {
		Map<String, Object> current = loadResource(file);
		String[] parts = name.split("\\.");
		for (int i = 0; i < parts.length - 1; i++) {
			current = (Map<String, Object>) current.get(parts[i]);
		}
		return String.valueOf(current.get(parts[parts.length - 1]));
	}

	private static Map<String, Object> loadResource(String name) throws IOException {
		try (InputStream in = DockerComposeTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new Yaml().load(in);
		}
	}

	private static Map<String, Object> load(Path path) {
		try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			return new LinkedHashMap<>(new Yaml().<Map<String, Object>>load(reader));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
