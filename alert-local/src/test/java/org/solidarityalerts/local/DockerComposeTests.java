package org.solidarityalerts.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.solidarityalerts.testsupport.TestImages;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} cannot be started on a machine without Docker, so it is
 * checked here: pinned images that match the tests' images, environment variables that
 * name real configuration properties of each service, and ports and addresses that agree
 * with the services' configuration.
 */
class DockerComposeTests {

	private static final List<String> SERVICES = List.of("alert-ingest", "alert-dispatch", "alert-dashboard");

	private static final Path COMPOSE_FILE = Path.of("../docker-compose.yml");

	private final Map<String, Object> compose = load(COMPOSE_FILE);

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

	@Test
	void servicesBehindTheTlsProxyCountTheirClientsNotTheProxy() {
		// The login throttle and the sign-up limits count client addresses.
		assertThat(environment("alert-ingest")).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
		assertThat(environment("alert-dispatch")).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
	}

	@Test
	void everyVolumeIsMountedWhereItsImageWritesItsData() {
		assertThat(environment("kafka"))
			.as("apache/kafka writes to /tmp/kraft-combined-logs unless KAFKA_LOG_DIRS says")
			.containsEntry("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
		Map<String, String> dataDirectories = Map.of("kafka", "/var/lib/kafka/data", "mongo", "/data/db");
		Map<String, String> mounted = new LinkedHashMap<>();
		services().forEach((name, service) -> {
			for (Object volume : (List<?>) asMap(service).getOrDefault("volumes", List.of())) {
				String[] parts = volume.toString().split(":");
				mounted.put(name, parts[1]);
			}
		});
		assertThat(mounted).isEqualTo(dataDirectories);
		assertThat(asMap(this.compose.get("volumes")).keySet()).containsExactlyInAnyOrder("kafka-data", "mongo-data");
	}

	@Test
	void everyServiceHasAHealthcheckARestartPolicyAndWaitsForHealthyDependencies() {
		services().forEach((name, definition) -> {
			Map<String, Object> service = asMap(definition);
			assertThat(service.get("restart")).as("%s restart", name).isEqualTo("unless-stopped");
			Map<String, Object> healthcheck = asMap(service.get("healthcheck"));
			assertThat(healthcheck).as("%s healthcheck", name).isNotNull();
			assertThat((List<?>) healthcheck.get("test")).as("%s healthcheck", name).isNotEmpty();
			Map<String, Object> dependsOn = asMap(service.getOrDefault("depends_on", Map.of()));
			dependsOn.forEach((dependency, condition) -> assertThat(asMap(condition).get("condition"))
				.as("%s waits for %s", name, dependency)
				.isEqualTo("service_healthy"));
		});
	}

	@Test
	void servicesAreProbedOnTheirManagementPortsWhichAreNotPublished() throws IOException {
		for (String service : List.of("alert-ingest", "alert-dispatch")) {
			String port = environment(service).get("MANAGEMENT_SERVER_PORT").toString();
			assertThat(healthcheck(service)).contains("/dev/tcp/127.0.0.1/" + port, "/actuator/health/readiness");
			assertThat(ports(service)).contains("127.0.0.1:" + port + ":" + port);
		}
		assertThat(healthcheck("alert-dashboard"))
			.contains("/dev/tcp/127.0.0.1/" + yamlProperty("dashboard.yml", "server.port"));
	}

	@Test
	void eachImageStartsJavaWithItsModulesOwnOptionsWhichTheJdkAccepts() throws Exception {
		String dockerfile = Files.readString(Path.of("../Dockerfile"));
		assertThat(dockerfile).contains("${MODULE}/jvm.options", "\"@/service.options\", \"-jar\"");
		assertThat(Files.readString(Path.of("../alert-dispatch/jvm.options"))).contains("-XX:+UseParallelGC");
		String java = ProcessHandle.current().info().command().orElseThrow();
		for (String service : SERVICES) {
			Path options = Path.of("..", service, "jvm.options");
			if (Files.exists(options)) {
				Process version = new ProcessBuilder(java, "@" + options.toAbsolutePath(), "-version")
					.redirectErrorStream(true)
					.start();
				String said = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(version.waitFor()).as("%s: %s", options, said).isZero();
			}
		}
	}

	@Test
	void everySecretComposeNeedsIsWrittenByTheGeneratorAndListedInTheExample() throws Exception {
		Set<String> required = new TreeSet<>();
		Matcher matcher = Pattern.compile("\\$\\{([A-Z_]+):\\?").matcher(Files.readString(COMPOSE_FILE));
		while (matcher.find()) {
			required.add(matcher.group(1));
		}
		assertThat(required).contains("ALERT_TOKEN_SECRET", "ALERT_SUPPRESSION_SECRET", "ALERT_OPERATOR_KEY",
				"ALERT_IMPORT_PASSWORD_HASH", "DASHBOARD_OPERATOR_PASSWORD_HASH", "ALERT_PUBLIC_URL");
		assertThat(envFile(Path.of("../.env.example")).keySet()).containsExactlyInAnyOrderElementsOf(required);

		Path directory = Files.createTempDirectory("generate-env");
		Path file = directory.resolve(".env");
		Process generator = new ProcessBuilder("bash", "../deploy/generate-env", "https://alerts.example.org",
				file.toString())
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		String told = new String(generator.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(generator.waitFor()).as(told).isZero();
		Map<String, String> generated = envFile(file);
		assertThat(generated.keySet()).containsExactlyInAnyOrderElementsOf(required);
		assertThat(generated.get("ALERT_TOKEN_SECRET")).hasSizeGreaterThanOrEqualTo(32)
			.isNotEqualTo(generated.get("ALERT_SUPPRESSION_SECRET"));
		assertThat(generated.get("ALERT_SUPPRESSION_SECRET")).hasSizeGreaterThanOrEqualTo(32);
		assertThat(generated.get("ALERT_OPERATOR_KEY")).matches("sa_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}");
		assertThat(generated.values()).noneMatch((value) -> value.contains("$"));
		PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		Matcher passphrases = Pattern.compile("\"operator\":\\s+(\\S+)").matcher(told);
		assertThat(passphrases.find()).as(told).isTrue();
		assertThat(encoder.matches(passphrases.group(1), generated.get("DASHBOARD_OPERATOR_PASSWORD_HASH"))).isTrue();
		assertThat(passphrases.find()).as(told).isTrue();
		assertThat(encoder.matches(passphrases.group(1), generated.get("ALERT_IMPORT_PASSWORD_HASH"))).isTrue();

		Process again = new ProcessBuilder("bash", "../deploy/generate-env", "https://alerts.example.org",
				file.toString())
			.start();
		assertThat(again.waitFor()).as("never overwrites a file of secrets").isNotZero();
		assertThat(envFile(file)).isEqualTo(generated);
	}

	private static Map<String, String> envFile(Path file) throws IOException {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				int equals = line.indexOf('=');
				values.put(line.substring(0, equals), line.substring(equals + 1).replaceAll("^'|'$", ""));
			}
		}
		return values;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(@Nullable Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private String healthcheck(String service) {
		Map<?, ?> healthcheck = (Map<?, ?>) ((Map<?, ?>) services().get(service)).get("healthcheck");
		return String.join(" ", ((List<?>) healthcheck.get("test")).stream().map(Object::toString).toList());
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
			for (Map<String, Object> document : loadResourceDocuments(file)) {
				flatten("", document, names);
			}
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

	/**
	 * The first document of a service's configuration file: what applies in every
	 * profile.
	 */
	private static Map<String, Object> loadResource(String name) throws IOException {
		return loadResourceDocuments(name).getFirst();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> loadResourceDocuments(String name) throws IOException {
		try (InputStream in = DockerComposeTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			List<Map<String, Object>> documents = new ArrayList<>();
			new Yaml().loadAll(in).forEach((document) -> documents.add((Map<String, Object>) document));
			return documents;
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
