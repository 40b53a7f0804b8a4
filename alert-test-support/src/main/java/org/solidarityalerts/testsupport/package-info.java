/**
 * Real Kafka, MongoDB and SMTP servers for integration tests: containers where a Docker
 * engine answers, in-process servers where none does, chosen once per run by
 * {@link org.solidarityalerts.testsupport.TestInfrastructure}.
 */
@NullMarked
package org.solidarityalerts.testsupport;

import org.jspecify.annotations.NullMarked;
