package org.solidarityalerts.dispatch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies between dispatch's feature packages point one way: towards the subscriber
 * store, the received alerts, mail and messaging, never back. That dispatch does not
 * depend on another service is the build's rule (the enforcer's bannedDependencies), not
 * this test's: such a dependency would not compile.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.solidarityalerts.dispatch");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("org.solidarityalerts.dispatch.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void theStoresAndAdaptersDoNotReachBackIntoTheFanOut() {
		noClasses().that()
			.resideInAnyPackage("..dispatch.subscriber..", "..dispatch.alert..", "..dispatch.mail..",
					"..dispatch.messaging..", "..dispatch.embassy..", "..dispatch.digest..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..dispatch.fanout..", "..dispatch.delivery..")
			.check(this.classes);
	}

}
