package org.solidarityalerts.ingest;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Every package of ingest has its place, and the feature packages depend on each other in
 * one direction only: publishing on alert, alert on organiser and preview, both on
 * operations, all on the application's settings; nothing depends on web or publishing,
 * and the settings and operations depend on no package of ingest. The console reaches
 * alerts, organisers, previews (the API's own dispatch client), progress and webhooks
 * (the same service as the API) only, and nothing reaches it; only the console reaches
 * webhooks; progress is a read model that reaches no feature package. Webhooks listen to
 * what publishing, alerts (action totals) and progress (finished fan-outs) announce, so
 * those never depend on webhooks.
 */
@AnalyzeClasses(packages = "org.solidarityalerts.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule featurePackagesAreFreeOfCycles = slices().matching("org.solidarityalerts.ingest.(*)..")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule everyPackageDependsOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer("Application")
		.definedBy("org.solidarityalerts.ingest")
		.layer("Web")
		.definedBy("..ingest.web..")
		.layer("Publishing")
		.definedBy("..ingest.publishing..")
		.layer("Alerts")
		.definedBy("..ingest.alert..")
		.layer("Organisers")
		.definedBy("..ingest.organiser..")
		.layer("Operations")
		.definedBy("..ingest.operations..")
		.layer("Archive")
		.definedBy("..ingest.archive..")
		.layer("Webhooks")
		.definedBy("..ingest.webhook..")
		.layer("Previews")
		.definedBy("..ingest.preview..")
		.layer("Progress")
		.definedBy("..ingest.progress..")
		.layer("Console")
		.definedBy("..ingest.console..")
		.whereLayer("Web")
		.mayNotBeAccessedByAnyLayer()
		.whereLayer("Archive")
		.mayNotBeAccessedByAnyLayer()
		.whereLayer("Webhooks")
		.mayOnlyBeAccessedByLayers("Console")
		.whereLayer("Console")
		.mayNotBeAccessedByAnyLayer()
		.whereLayer("Publishing")
		.mayOnlyBeAccessedByLayers("Webhooks")
		.whereLayer("Alerts")
		.mayOnlyBeAccessedByLayers("Publishing", "Archive", "Console", "Webhooks")
		.whereLayer("Previews")
		.mayOnlyBeAccessedByLayers("Alerts", "Console")
		.whereLayer("Progress")
		.mayOnlyBeAccessedByLayers("Console", "Webhooks")
		.whereLayer("Progress")
		.mayOnlyAccessLayers("Application")
		.whereLayer("Organisers")
		.mayOnlyBeAccessedByLayers("Alerts", "Webhooks", "Console")
		.whereLayer("Operations")
		.mayOnlyBeAccessedByLayers("Alerts", "Publishing")
		.whereLayer("Application")
		.mayNotAccessAnyLayer()
		.whereLayer("Operations")
		.mayNotAccessAnyLayer()
		.whereLayer("Organisers")
		.mayOnlyAccessLayers("Application")
		.whereLayer("Web")
		.mayOnlyAccessLayers("Application")
		.whereLayer("Archive")
		.mayOnlyAccessLayers("Application", "Alerts")
		.whereLayer("Webhooks")
		.mayOnlyAccessLayers("Application", "Publishing", "Organisers", "Alerts", "Progress")
		.whereLayer("Previews")
		.mayOnlyAccessLayers("Application")
		.whereLayer("Console")
		.mayOnlyAccessLayers("Application", "Alerts", "Organisers", "Previews", "Progress", "Webhooks");

}
