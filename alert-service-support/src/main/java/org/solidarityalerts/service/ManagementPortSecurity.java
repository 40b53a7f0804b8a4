package org.solidarityalerts.service;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Opens the actuator (health, info, Prometheus) on the management port
 * ({@code management.server.port}) when it is apart from public traffic: that port is for
 * the scraper and the orchestrator's probes, never published. On the public port the
 * service's own chains still allow health only. A service imports it ({@code @Import}).
 */
@Configuration(proxyBeanMethods = false)
public class ManagementPortSecurity {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain managementPort(HttpSecurity http, Environment environment) throws Exception {
		http.securityMatcher((request) -> onSeparateManagementPort(request, environment))
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	private static boolean onSeparateManagementPort(HttpServletRequest request, Environment environment) {
		Integer management = environment.getProperty("local.management.port", Integer.class);
		Integer server = environment.getProperty("local.server.port", Integer.class);
		return management != null && management > 0 && !management.equals(server)
				&& request.getLocalPort() == management;
	}

}
