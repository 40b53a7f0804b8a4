package org.solidarityalerts.dispatch;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between dispatch's feature packages point one way: from the entry points
 * (the fan-out, sign-up, preferences, data rights, feedback, operators' endpoints)
 * towards the subscriber store, the received alerts, mail and messaging, never back.
 * Every package says which others it may use; a new package must be added here.
 */
class ArchitectureTests {

	private static final String ROOT = "org.solidarityalerts.dispatch";

	/**
	 * The feature packages each package may use (the root package's settings and
	 * configuration are open to all).
	 */
	private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
			Map.entry("fanout", Set.of("alert", "delivery", "digest", "messaging", "operations", "subscriber")),
			Map.entry("delivery",
					Set.of("alert", "control", "embassy", "mail", "messaging", "operations", "subscriber")),
			Map.entry("digest", Set.of("alert", "mail", "subscriber")), Map.entry("control", Set.of("messaging")),
			Map.entry("feedback", Set.of("mail", "operations", "preferences", "subscriber", "subscription")),
			Map.entry("signup", Set.of("links", "mail", "subscriber", "subscription", "web")),
			Map.entry("privacy", Set.of("acted", "preferences", "subscriber", "subscription")),
			Map.entry("acted", Set.of("links", "subscriber", "subscription", "web")),
			Map.entry("preferences", Set.of("links", "subscriber", "subscription", "web")),
			Map.entry("operators", Set.of("embassy", "subscriber", "subscription")),
			Map.entry("preview", Set.of("embassy", "mail", "subscriber")),
			Map.entry("links", Set.of("mail", "subscription")),
			Map.entry("subscription", Set.of("mail", "subscriber", "web")), Map.entry("web", Set.of("mail")),
			Map.entry("mail", Set.of("embassy", "subscriber")), Map.entry("embassy", Set.of()),
			Map.entry("subscriber", Set.of()), Map.entry("alert", Set.of()), Map.entry("messaging", Set.of()),
			Map.entry("operations", Set.of()));

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void everyPackageSaysWhatItMayUse() {
		Set<String> packages = new TreeSet<>();
		for (JavaClass type : CLASSES) {
			String name = type.getPackageName();
			if (name.startsWith(ROOT + ".")) {
				packages.add(name.substring(ROOT.length() + 1).split("\\.")[0]);
			}
		}
		assertThat(packages).containsExactlyInAnyOrderElementsOf(MAY_USE.keySet());
	}

	@Test
	void eachPackageUsesOnlyThePackagesItMayUse() {
		MAY_USE.forEach((feature, allowed) -> {
			String[] others = MAY_USE.keySet()
				.stream()
				.filter((other) -> !other.equals(feature) && !allowed.contains(other))
				.map((other) -> ROOT + "." + other + "..")
				.toArray(String[]::new);
			noClasses().that()
				.resideInAPackage(ROOT + "." + feature + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(others)
				.because(feature + " may use only " + allowed)
				.check(CLASSES);
		});
	}

	@Test
	void onlyTheRootPackageWiresTheApplication() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT)
			.should()
			.dependOnClassesThat()
			.haveSimpleName("DispatchApplication")
			.check(CLASSES);
	}

}
