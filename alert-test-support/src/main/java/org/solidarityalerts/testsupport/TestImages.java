package org.solidarityalerts.testsupport;

import org.testcontainers.utility.DockerImageName;

/**
 * The one place where container images are pinned; {@code docker-compose.yml} pins the
 * same versions.
 */
public final class TestImages {

	/** Apache Kafka in KRaft mode. */
	public static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.1.1");

	/** MongoDB. */
	public static final DockerImageName MONGODB = DockerImageName.parse("mongo:8.0.15");

	/** Mailpit, an SMTP server with an HTTP API to read what it received. */
	public static final DockerImageName MAILPIT = DockerImageName.parse("axllent/mailpit:v1.27.10");

	private TestImages() {
	}

}
