package org.solidarityalerts.ingest.web;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;
import org.solidarityalerts.contract.Action;
import org.solidarityalerts.contract.AlertSnapshot;
import org.solidarityalerts.contract.Campaign;
import org.solidarityalerts.contract.LocalizedContent;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Completes the OpenAPI description so that a client can be generated from it: the
 * actions' {@code oneOf} gets a discriminator on {@code type} mapping each wire name to
 * its schema; the contract's records name their required fields (every component not
 * marked {@link Nullable}, lists and maps aside, which default to empty); and every
 * operation lists the refusals it can get, each an RFC 9457 problem detail
 * ({@code Problem}).
 */
@Configuration(proxyBeanMethods = false)
class ApiContract {

	static final String PROBLEM = "Problem";

	static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenApiCustomizer completeApiContract() {
		return ApiContract::complete;
	}

	static void complete(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		Components components = openApi.getComponents();
		ModelConverters.getInstance(true).readAll(ProblemDocument.class).forEach(components::addSchemas);
		Schema<?> problem = components.getSchemas().get(PROBLEM);
		if (problem != null) {
			problem.setRequired(List.of("type", "title", "status"));
		}
		Schema<?> fieldError = components.getSchemas().get("FieldError");
		if (fieldError != null) {
			fieldError.setRequired(List.of("field", "reason"));
		}
		discriminate(components, Action.class);
		for (Class<?> type : records(
				List.of(AlertSnapshot.class, Action.class, LocalizedContent.class, Campaign.class))) {
			require(components, type);
		}
		if (openApi.getPaths() != null) {
			openApi.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, operation) -> refusals(path, method, operation)));
		}
	}

	/**
	 * Gives a polymorphic type's {@code oneOf} a discriminator on its type property, with
	 * a mapping from each subtype's wire name to its schema, and makes each subtype
	 * require that property, as its one allowed value.
	 */
	private static void discriminate(Components components, Class<?> base) {
		JsonTypeInfo info = base.getAnnotation(JsonTypeInfo.class);
		JsonSubTypes subtypes = base.getAnnotation(JsonSubTypes.class);
		Map<String, Schema> schemas = components.getSchemas();
		if (info == null || subtypes == null || schemas == null) {
			return;
		}
		String property = info.property();
		Map<String, String> mapping = new LinkedHashMap<>();
		List<Schema> oneOf = new ArrayList<>();
		for (JsonSubTypes.Type subtype : subtypes.value()) {
			JsonTypeName name = subtype.value().getAnnotation(JsonTypeName.class);
			String wireName = (name != null) ? name.value() : subtype.value().getSimpleName();
			String schemaName = subtype.value().getSimpleName();
			Schema<?> schema = schemas.get(schemaName);
			if (schema == null) {
				continue;
			}
			flatten(schema, base.getSimpleName(), schemas);
			Schema<String> typeProperty = new Schema<>();
			typeProperty.addType("string");
			typeProperty.setConst(wireName);
			typeProperty.setEnum(List.of(wireName));
			schema.addProperty(property, typeProperty);
			Set<String> required = new LinkedHashSet<>(List.of(property));
			if (schema.getRequired() != null) {
				required.addAll(schema.getRequired());
			}
			schema.setRequired(new ArrayList<>(required));
			mapping.put(wireName, "#/components/schemas/" + schemaName);
			oneOf.add(new Schema<>().$ref("#/components/schemas/" + schemaName));
		}
		Schema<?> parent = new Schema<>();
		parent.setOneOf(oneOf);
		parent.setDiscriminator(new Discriminator().propertyName(property).mapping(mapping));
		Schema<?> existing = schemas.get(base.getSimpleName());
		if (existing != null && existing.getDescription() != null) {
			parent.setDescription(existing.getDescription());
		}
		schemas.put(base.getSimpleName(), parent);
	}

	/**
	 * A subtype described as {@code allOf} its parent and its own properties becomes one
	 * plain object, so that the parent's {@code oneOf} does not refer back to itself.
	 */
	private static void flatten(Schema<?> schema, String parentName, Map<String, Schema> schemas) {
		if (schema.getAllOf() == null) {
			return;
		}
		for (Schema<?> part : schema.getAllOf()) {
			if (part.get$ref() != null && part.get$ref().endsWith("/" + parentName)) {
				continue;
			}
			Schema<?> resolved = (part.get$ref() != null)
					? schemas.get(part.get$ref().substring(part.get$ref().lastIndexOf('/') + 1)) : part;
			if (resolved != null && resolved.getProperties() != null) {
				resolved.getProperties().forEach(schema::addProperty);
				if (resolved.getRequired() != null) {
					resolved.getRequired().forEach(schema::addRequiredItem);
				}
			}
		}
		schema.setAllOf(null);
		schema.addType("object");
	}

	private static void require(Components components, Class<?> type) {
		Schema<?> schema = (components.getSchemas() != null) ? components.getSchemas().get(type.getSimpleName()) : null;
		if (schema == null || schema.getProperties() == null) {
			return;
		}
		for (RecordComponent component : type.getRecordComponents()) {
			boolean optional = component.getAnnotatedType().isAnnotationPresent(Nullable.class)
					|| Collection.class.isAssignableFrom(component.getType())
					|| Map.class.isAssignableFrom(component.getType());
			List<String> required = schema.getRequired();
			if (!optional && schema.getProperties().containsKey(component.getName())
					&& (required == null || !required.contains(component.getName()))) {
				schema.addRequiredItem(component.getName());
			}
		}
	}

	/** The records reachable from some types, through their components and subtypes. */
	private static Set<Class<?>> records(List<Class<?>> roots) {
		Set<Class<?>> found = new LinkedHashSet<>();
		List<Type> pending = new ArrayList<>(roots);
		while (!pending.isEmpty()) {
			Type next = pending.removeLast();
			if (next instanceof ParameterizedType parameterized) {
				pending.addAll(List.of(parameterized.getActualTypeArguments()));
				pending.add(parameterized.getRawType());
				continue;
			}
			if (!(next instanceof Class<?> type) || !type.getPackageName().startsWith("org.solidarityalerts")
					|| !found.add(type)) {
				continue;
			}
			if (type.isSealed()) {
				pending.addAll(List.of(type.getPermittedSubclasses()));
			}
			if (type.isRecord()) {
				for (RecordComponent component : type.getRecordComponents()) {
					pending.add(component.getGenericType());
				}
			}
		}
		found.removeIf((type) -> !type.isRecord());
		return found;
	}

	/**
	 * Adds the refusals an operation can get, each a problem detail, unless it already
	 * lists that status.
	 */
	private static void refusals(String path, PathItem.HttpMethod method, Operation operation) {
		if (!path.startsWith("/api/")) {
			return;
		}
		boolean body = operation.getRequestBody() != null;
		boolean parameters = body || (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		ApiResponses responses = operation.getResponses();
		if (parameters) {
			refusal(responses, 400, "Not valid: each field or parameter at fault is named in errors[]");
		}
		refusal(responses, 401, "No API key, or a key that is wrong or revoked");
		if (path.startsWith("/api/v1/admin/")) {
			refusal(responses, 403, "Your key's role may not do this (operators only)");
		}
		if (path.contains("{")) {
			refusal(responses, 404, "No such resource in your organisation");
		}
		if (method == PathItem.HttpMethod.PUT || path.endsWith("/cancel")) {
			refusal(responses, 409, "Cancelled already, or changed by another request meanwhile");
			refusal(responses, 412, "Changed since the version named in If-Match");
		}
		if (method == PathItem.HttpMethod.POST && path.equals("/api/v1/alerts")) {
			refusal(responses, 409, "A request with this Idempotency-Key is still in progress");
			refusal(responses, 422, "This Idempotency-Key was used with another body");
		}
		if (body) {
			refusal(responses, 413, "The body is larger than the limit");
			refusal(responses, 415, "The body is not application/json");
		}
		refusal(responses, 429, "Too many requests with this key: wait for Retry-After seconds");
	}

	private static void refusal(ApiResponses responses, int status, String description) {
		String code = Integer.toString(status);
		if (responses.containsKey(code)) {
			return;
		}
		responses.addApiResponse(code,
				new ApiResponse().description(description)
					.content(new Content().addMediaType(PROBLEM_JSON,
							new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
	}

	/**
	 * A refusal, as RFC 9457 problem details.
	 *
	 * @param type a URI that identifies the kind of problem; {@code about:blank} when the
	 * status says it all
	 * @param title a short summary of the kind of problem
	 * @param status the HTTP status code
	 * @param detail what went wrong with this request, in plain words
	 * @param instance the request's path
	 * @param errors each field or parameter at fault, when there are some
	 * @param currentVersion the alert's current version, on a 412 (If-Match) or 409
	 * @param maxBytes the size limit, on a 413
	 */
	@io.swagger.v3.oas.annotations.media.Schema(name = PROBLEM, description = "A refusal, as RFC 9457 problem details")
	record ProblemDocument(URI type, String title, int status, @Nullable String detail, @Nullable String instance,
			@Nullable List<FieldErrorDocument> errors, @Nullable Integer currentVersion, @Nullable Long maxBytes) {

	}

	/**
	 * One field or parameter at fault.
	 *
	 * @param field its JSON path, such as {@code content.en.title}, or the parameter's
	 * name
	 * @param reason what is wrong with it
	 */
	@io.swagger.v3.oas.annotations.media.Schema(name = "FieldError", description = "One field or parameter at fault")
	record FieldErrorDocument(String field, String reason) {

	}

}
