package org.solidarityalerts.dashboard;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Every package of the dashboard has its place: only the web package knows about pages
 * and reaches the feature packages; the feature packages depend one way, towards the
 * audit log and the application's settings; messaging and operations are used by no
 * package.
 */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.solidarityalerts.dashboard");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("org.solidarityalerts.dashboard.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void everyPackageDependsOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("Application")
			.definedBy("org.solidarityalerts.dashboard")
			.layer("Web")
			.definedBy("..dashboard.web..")
			.layer("Board")
			.definedBy("..dashboard.board..")
			.layer("Control")
			.definedBy("..dashboard.control..")
			.layer("DeadLetters")
			.definedBy("..dashboard.deadletters..")
			.layer("Topics")
			.definedBy("..dashboard.topics..")
			.layer("Health")
			.definedBy("..dashboard.health..")
			.layer("Audit")
			.definedBy("..dashboard.audit..")
			.layer("Messaging")
			.definedBy("..dashboard.messaging..")
			.layer("Operations")
			.definedBy("..dashboard.operations..")
			.whereLayer("Web")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Messaging")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Operations")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("Board")
			.mayOnlyBeAccessedByLayers("Web")
			.whereLayer("Control")
			.mayOnlyBeAccessedByLayers("Web")
			.whereLayer("DeadLetters")
			.mayOnlyBeAccessedByLayers("Web")
			.whereLayer("Topics")
			.mayOnlyBeAccessedByLayers("Web")
			.whereLayer("Health")
			.mayOnlyBeAccessedByLayers("Web")
			.whereLayer("Audit")
			.mayOnlyBeAccessedByLayers("Web", "Control", "DeadLetters")
			.whereLayer("Application")
			.mayNotAccessAnyLayer()
			.whereLayer("Audit")
			.mayNotAccessAnyLayer()
			.whereLayer("Board")
			.mayNotAccessAnyLayer()
			.whereLayer("Messaging")
			.mayNotAccessAnyLayer()
			.check(CLASSES);
	}

}
