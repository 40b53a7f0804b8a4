package org.solidarityalerts.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers take the current schema version and the next, so that producers may be
 * upgraded first.
 */
class SchemaVersionTests {

	@Test
	void theCurrentAndTheNextVersionAreAccepted() {
		assertThat(ContractEvent.accepts(ContractEvent.SCHEMA_VERSION)).isTrue();
		assertThat(ContractEvent.accepts(ContractEvent.SCHEMA_VERSION + 1)).isTrue();
	}

	@Test
	void versionsFurtherAheadOrNonsenseAreRefused() {
		assertThat(ContractEvent.accepts(ContractEvent.SCHEMA_VERSION + 2)).isFalse();
		assertThat(ContractEvent.accepts(99)).isFalse();
		assertThat(ContractEvent.accepts(0)).isFalse();
	}

}
