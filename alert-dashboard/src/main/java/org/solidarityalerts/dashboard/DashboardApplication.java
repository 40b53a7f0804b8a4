package org.solidarityalerts.dashboard;

import org.solidarityalerts.service.RequestErrors;
import org.solidarityalerts.service.MongoPingHealthIndicator;
import org.solidarityalerts.service.PageOrProblemErrorController;
import org.solidarityalerts.service.Retention;
import org.solidarityalerts.service.ScheduledTaskErrors;
import org.springframework.context.annotation.Import;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The operators' dashboard. Its configuration file is {@code dashboard.yml}, so that it
 * can share a JVM with ingest and dispatch.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({ MongoPingHealthIndicator.class, Retention.class, ScheduledTaskErrors.class, RequestErrors.class,
		PageOrProblemErrorController.class })
public class DashboardApplication {

	/** The name of this application's configuration files. */
	public static final String CONFIG_NAME = "dashboard";

	public static void main(String[] args) {
		builder().run(args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * A builder for this application with its configuration name set.
	 * @return the builder
	 */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(DashboardApplication.class).properties("spring.config.name=" + CONFIG_NAME);
	}

}
