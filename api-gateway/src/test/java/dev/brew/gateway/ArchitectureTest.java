package dev.brew.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.brew.testing.PlumbingRules;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The gateway's packages depend downward only: {@code web} (the edge filters, the error handler, the admin panel's
 * health) over {@code routing} (the routes built from the table) over {@code security} (tokens, the session cookie)
 * over what all of them use: {@code api} (the API table), {@code exchange} (request id, problem answers) and
 * {@code config}.
 */
@AnalyzeClasses(packages = "dev.brew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("dev.brew.gateway.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule packages_depend_downward_only = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("web").definedBy("dev.brew.gateway.web..")
            .layer("routing").definedBy("dev.brew.gateway.routing..")
            .layer("security").definedBy("dev.brew.gateway.security..")
            .layer("api").definedBy("dev.brew.gateway.api..")
            .layer("exchange").definedBy("dev.brew.gateway.exchange..")
            .layer("config").definedBy("dev.brew.gateway.config..")
            .whereLayer("web").mayNotBeAccessedByAnyLayer()
            .whereLayer("routing").mayOnlyBeAccessedByLayers("web")
            .whereLayer("security").mayOnlyBeAccessedByLayers("web", "routing")
            .whereLayer("api").mayOnlyBeAccessedByLayers("web", "routing", "security")
            .whereLayer("exchange").mayOnlyBeAccessedByLayers("web", "routing", "security")
            .whereLayer("config").mayOnlyBeAccessedByLayers("web", "routing", "security");

    @ArchTest
    static final ArchRule no_other_service_is_imported = noClasses()
            .that().resideInAPackage("dev.brew.gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.command..", "dev.brew.query..",
                    "dev.brew.member..", "dev.brew.loyalty..");

    /** Breakers from the registry, HTTP clients from Boot's builders, no hand-made thread pools. */
    @ArchTest
    static final ArchRule plumbing = PlumbingRules.in("dev.brew.gateway..");
}
