package org.solidarityalerts.ingest.web;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.solidarityalerts.ingest.Api;
import org.solidarityalerts.ingest.Api.Reply;
import org.solidarityalerts.ingest.Drafts;
import org.solidarityalerts.ingest.IngestIntegrationTest;
import org.solidarityalerts.ingest.organiser.ApiKeys;
import org.solidarityalerts.ingest.organiser.Role;
import org.solidarityalerts.testsupport.TestClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client generated from the served OpenAPI description (with openapi-generator's Java
 * client, as an organiser would) compiles, posts an alert through the API and reads it
 * back.
 */
@IngestIntegrationTest
class OpenApiClientIntegrationTests {

	private static final String PACKAGE = "org.solidarityalerts.generated";

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	TestClock clock;

	@Test
	void theDescriptionIsValidAndEveryOperationListsItsRefusalsAsProblemDetails() {
		Reply description = new Api(this.port).get("/v3/api-docs", null);
		ParseOptions options = new ParseOptions();
		options.setResolve(true);

		SwaggerParseResult parsed = new OpenAPIParser().readContents(description.body(), null, options);

		assertThat(parsed.getMessages()).isEmpty();
		JsonNode api = description.json();
		assertThat(api.at("/components/schemas/Action/discriminator/propertyName").asString()).isEqualTo("type");
		assertThat(api.at("/components/schemas/Action/discriminator/mapping/sign-petition").asString())
			.isEqualTo("#/components/schemas/SignPetition");
		assertThat(api.at("/components/schemas/Action/oneOf").size()).isEqualTo(6);
		assertThat(api.at("/components/schemas/AlertDraft/required").valueStream().map(JsonNode::asString))
			.contains("kind", "campaign", "content", "defaultLanguage", "subjectCountry");
		assertThat(api.at("/components/schemas/LocalizedContent/required").valueStream().map(JsonNode::asString))
			.contains("title");
		assertThat(api.at("/components/schemas/Problem/properties/errors/items/$ref").asString())
			.isEqualTo("#/components/schemas/FieldError");
		assertThat(api.path("paths").propertyNames()).allSatisfy((path) -> assertThat(path).startsWith("/api/v1/"));
		api.path("paths").properties().forEach((path) -> path.getValue().properties().forEach((operation) -> {
			JsonNode responses = operation.getValue().path("responses");
			assertThat(responses.propertyNames()).as(operation.getKey() + " " + path.getKey()).contains("401", "429");
			responses.properties()
				.stream()
				.filter((response) -> response.getKey().startsWith("4"))
				.forEach((response) -> assertThat(
						response.getValue().at("/content/application~1problem+json/schema/$ref").asString())
					.as(operation.getKey() + " " + path.getKey() + " " + response.getKey())
					.isEqualTo("#/components/schemas/Problem"));
		}));
		assertThat(api.at("/paths/~1api~1v1~1alerts/post/responses").propertyNames()).contains("400", "409", "413",
				"415", "422");
		assertThat(api.at("/paths/~1api~1v1~1alerts~1{id}/put/responses").propertyNames()).contains("404", "409",
				"412");
		assertThat(api.at("/paths/~1api~1v1~1admin~1api-keys/post/responses").propertyNames()).contains("403");
	}

	@Test
	void aGeneratedJavaClientCompilesAndRoundTripsAnAlert() throws Exception {
		Path root = Path.of("target", "generated-client");
		FileSystemUtils.deleteRecursively(root);
		Files.createDirectories(root);
		Path description = root.resolve("api-docs.json");
		Files.writeString(description, new Api(this.port).get("/v3/api-docs", null).body());

		generate(description, root.resolve("sources"));
		Path classes = compile(root.resolve("sources"), root.resolve("classes"));

		String key = this.apiKeys.issue("org-" + UUID.randomUUID().toString().substring(0, 8), Role.ORGANISER, "test")
			.key();
		ObjectNode draft = Drafts.of("urgent-action", this.clock.instant());
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			Class<?> clientType = loader.loadClass(PACKAGE + ".ApiClient");
			Object client = clientType.getConstructor().newInstance();
			clientType.getMethod("updateBaseUri", String.class).invoke(client, "http://localhost:" + this.port);
			Consumer<HttpRequest.Builder> authorise = (request) -> request.header("Authorization", "Bearer " + key);
			clientType.getMethod("setRequestInterceptor", Consumer.class).invoke(client, authorise);
			ObjectMapper json = (ObjectMapper) clientType.getMethod("getObjectMapper").invoke(client);
			Class<?> alertsType = loader.loadClass(PACKAGE + ".api.AlertsApi");
			Object alerts = alertsType.getConstructor(clientType).newInstance(client);
			Class<?> draftType = loader.loadClass(PACKAGE + ".model.AlertDraft");
			Object typedDraft = json.readValue(draft.toString(), draftType);

			Object posted = method(alertsType, "postAlert").invoke(alerts, typedDraft, null);
			String id = String.valueOf(posted.getClass().getMethod("getId").invoke(posted));
			Object read = method(alertsType, "getAlert").invoke(alerts, id);

			JsonNode readBack = tools.jackson.databind.json.JsonMapper.builder()
				.build()
				.readTree(json.writeValueAsString(read));
			assertThat(readBack.path("id").asString()).isEqualTo(id);
			JsonNode version = readBack.path("current");
			assertThat(version.at("/content/en/title").asString()).isEqualTo(draft.at("/content/en/title").asString());
			assertThat(version.path("actions").valueStream().map((action) -> action.path("type").asString()))
				.containsExactlyElementsOf(
						draft.path("actions").valueStream().map((action) -> action.path("type").asString()).toList());
			assertThat(version.at("/actions/0/target/title").asString())
				.isEqualTo(draft.at("/actions/0/target/title").asString());
		}
	}

	private static void generate(Path description, Path output) {
		CodegenConfigurator configurator = new CodegenConfigurator().setGeneratorName("java")
			.setLibrary("native")
			.setInputSpec(description.toAbsolutePath().toString())
			.setOutputDir(output.toAbsolutePath().toString())
			.setInvokerPackage(PACKAGE)
			.setApiPackage(PACKAGE + ".api")
			.setModelPackage(PACKAGE + ".model")
			.addAdditionalProperty("openApiNullable", false)
			.addAdditionalProperty("useJakartaEe", true)
			.addAdditionalProperty("hideGenerationTimestamp", true)
			.addAdditionalProperty("annotationLibrary", "none")
			.addAdditionalProperty("documentationProvider", "none")
			.addAdditionalProperty("sourceFolder", "src/main/java")
			.addGlobalProperty("apiTests", "false")
			.addGlobalProperty("modelTests", "false")
			.addGlobalProperty("apiDocs", "false")
			.addGlobalProperty("modelDocs", "false");
		List<java.io.File> files = new DefaultGenerator().opts(configurator.toClientOptInput()).generate();
		assertThat(files).isNotEmpty();
	}

	private static Path compile(Path sources, Path classes) throws IOException {
		Files.createDirectories(classes);
		List<String> files;
		try (Stream<Path> walk = Files.walk(sources.resolve("src/main/java"))) {
			files = walk.filter((file) -> file.toString().endsWith(".java")).map(Path::toString).toList();
		}
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		StringWriter diagnostics = new StringWriter();
		List<String> options = List.of("-proc:none", "-nowarn", "-encoding", "UTF-8", "-classpath", classpath, "-d",
				classes.toString());
		try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null,
				StandardCharsets.UTF_8)) {
			boolean compiled = compiler
				.getTask(diagnostics, fileManager, null, options, null,
						fileManager.getJavaFileObjectsFromStrings(files))
				.call();
			assertThat(compiled).as(diagnostics.toString()).isTrue();
		}
		return classes;
	}

	private static Method method(Class<?> type, String name) {
		return Arrays.stream(type.getMethods())
			.filter((method) -> method.getName().equals(name))
			.min((a, b) -> Integer.compare(a.getParameterCount(), b.getParameterCount()))
			.orElseThrow(() -> new AssertionError("No operation " + name + " in the generated " + type.getName()));
	}

}
