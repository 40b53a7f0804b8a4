package org.solidarityalerts.dispatch;

import org.solidarityalerts.service.ManagementPortSecurity;
import org.solidarityalerts.service.RequestErrors;
import org.solidarityalerts.service.MongoPingHealthIndicator;
import org.solidarityalerts.service.PageOrProblemErrorController;
import org.solidarityalerts.service.Retention;
import org.solidarityalerts.service.ScheduledTaskErrors;
import org.solidarityalerts.service.StrictJson;
import org.springframework.context.annotation.Import;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The fan-out service. Its configuration file is {@code dispatch.yml}, so that it can
 * share a JVM with ingest.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({ MongoPingHealthIndicator.class, ManagementPortSecurity.class, Retention.class, StrictJson.class,
		ScheduledTaskErrors.class, RequestErrors.class, PageOrProblemErrorController.class })
public class DispatchApplication {

	/** The name of this application's configuration files. */
	public static final String CONFIG_NAME = "dispatch";

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
		return new SpringApplicationBuilder(DispatchApplication.class).properties("spring.config.name=" + CONFIG_NAME);
	}

}
