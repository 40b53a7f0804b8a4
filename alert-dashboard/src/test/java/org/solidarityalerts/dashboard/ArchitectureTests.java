package org.solidarityalerts.dashboard;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dashboard's feature packages depend one way, towards the audit log, and only the
 * web package knows about pages; the dashboard shares nothing with the services but the
 * contract.
 */
class ArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.solidarityalerts.dashboard");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("org.solidarityalerts.dashboard.(*)..").should().beFreeOfCycles().check(this.classes);
	}

	@Test
	void onlyTheWebPackageDependsOnTheWebPackage() {
		noClasses().that()
			.resideOutsideOfPackage("..dashboard.web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..dashboard.web..")
			.check(this.classes);
	}

	@Test
	void onlyTheContractCrossesBetweenServices() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.solidarityalerts.ingest..", "org.solidarityalerts.dispatch..")
			.check(this.classes);
	}

}
