package org.solidarityalerts.ingest;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The feature packages depend on each other in one direction only: publishing on alert,
 * alert on organiser, and none on web.
 */
@AnalyzeClasses(packages = "org.solidarityalerts.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("org.solidarityalerts.ingest.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule organisersDoNotDependOnAlertsOrPublishing = noClasses().that()
		.resideInAPackage("..ingest.organiser..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("..ingest.alert..", "..ingest.publishing..");

	@ArchTest
	static final ArchRule alertsDoNotDependOnPublishing = noClasses().that()
		.resideInAPackage("..ingest.alert..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("..ingest.publishing..");

	@ArchTest
	static final ArchRule featuresDoNotDependOnWeb = noClasses().that()
		.resideInAnyPackage("..ingest.alert..", "..ingest.organiser..", "..ingest.publishing..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("..ingest.web..");

}
