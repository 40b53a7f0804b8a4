package org.solidarityalerts.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Which real servers the tests use: containers when a Docker engine answers, otherwise
 * in-process servers. Decided once per JVM and logged once.
 */
public enum InfrastructureMode {

	/** Kafka, MongoDB and Mailpit in containers, wired by {@code @ServiceConnection}. */
	CONTAINERS("containers: " + TestImages.KAFKA + ", " + TestImages.MONGODB + ", " + TestImages.MAILPIT),

	/** A Kafka KRaft broker, mongo-java-server and GreenMail, in-process. */
	EMBEDDED("in-process: Apache Kafka KRaft broker, mongo-java-server, GreenMail (no Docker engine answered)");

	private static final Logger logger = LoggerFactory.getLogger(InfrastructureMode.class);

	private static volatile InfrastructureMode current;

	private final String description;

	InfrastructureMode(String description) {
		this.description = description;
	}

	/**
	 * The mode of this run. {@code -Dalert.test.infrastructure=embedded} forces
	 * in-process servers.
	 * @return the mode
	 */
	public static InfrastructureMode current() {
		InfrastructureMode mode = current;
		if (mode == null) {
			synchronized (InfrastructureMode.class) {
				mode = current;
				if (mode == null) {
					mode = detect();
					logger.info("Test infrastructure: {}", mode.description);
					current = mode;
				}
			}
		}
		return mode;
	}

	private static InfrastructureMode detect() {
		if ("embedded".equalsIgnoreCase(System.getProperty("alert.test.infrastructure"))) {
			return EMBEDDED;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable() ? CONTAINERS : EMBEDDED;
		}
		catch (RuntimeException ex) {
			return EMBEDDED;
		}
	}

}
