package org.solidarityalerts.ingest.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs}, browsable at
 * {@code /swagger-ui.html}: every endpoint needs an API key as a bearer token.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI organisersApi() {
		return new OpenAPI()
			.info(new Info().title("Solidarity alerts: organisers' API")
				.version("v1")
				.description("Post urgent actions, appeals, news and events; correct them with new versions; "
						+ "cancel them. Refusals are RFC 9457 problem details naming each field at fault."))
			.components(new Components().addSecuritySchemes("apiKey",
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("An API key, sa_<id>_<secret>, issued by an operator")))
			.addSecurityItem(new SecurityRequirement().addList("apiKey"));
	}

}
