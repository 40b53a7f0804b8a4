package org.solidarityalerts.ingest;

import org.solidarityalerts.service.ManagementPortSecurity;
import org.solidarityalerts.service.RequestErrors;
import org.solidarityalerts.service.MongoPingHealthIndicator;
import org.solidarityalerts.service.ScheduledTaskErrors;
import org.springframework.context.annotation.Import;

import java.time.Clock;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The organisers' API. Its configuration file is {@code ingest.yml}, so that it can share
 * a JVM with dispatch.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import({ MongoPingHealthIndicator.class, ManagementPortSecurity.class, ScheduledTaskErrors.class,
		RequestErrors.class })
public class IngestApplication {

	/** The name of this application's configuration files. */
	public static final String CONFIG_NAME = "ingest";

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
		return new SpringApplicationBuilder(IngestApplication.class).properties("spring.config.name=" + CONFIG_NAME);
	}

}
