package dev.brew.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.brew.testing.PlumbingRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The read side keeps its shape: packages depend downward only (web → replay, admin, read → projection → model;
 * config wires them all), controllers ask through the query bus, and services share only contracts.
 */
@AnalyzeClasses(packages = "dev.brew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule only_contracts_and_defaults_are_shared = classes()
            .that().resideInAPackage("dev.brew.query..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.brew.command..", "dev.brew.member..",
                    "dev.brew.gateway..");

    @ArchTest
    static final ArchRule packages_have_no_cycles = slices().matching("dev.brew.query.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule the_model_depends_on_no_other_layer = noClasses()
            .that().resideInAPackage("dev.brew.query.model..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.projection..", "dev.brew.query.read..",
                    "dev.brew.query.replay..", "dev.brew.query.admin..", "dev.brew.query.web..",
                    "dev.brew.query.config..");

    @ArchTest
    static final ArchRule the_projection_depends_only_downward = noClasses()
            .that().resideInAPackage("dev.brew.query.projection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.read..", "dev.brew.query.replay..",
                    "dev.brew.query.admin..", "dev.brew.query.web..", "dev.brew.query.config..",
                    "org.springframework.web..");

    @ArchTest
    static final ArchRule reads_and_operator_functions_depend_only_downward = noClasses()
            .that().resideInAnyPackage("dev.brew.query.read..", "dev.brew.query.replay..", "dev.brew.query.admin..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.web..", "dev.brew.query.config..");

    @ArchTest
    static final ArchRule reads_do_not_run_operator_functions = noClasses()
            .that().resideInAPackage("dev.brew.query.read..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.replay..", "dev.brew.query.admin..");

    @ArchTest
    static final ArchRule controllers_ask_through_the_query_bus_and_do_not_write_views = noClasses()
            .that().resideInAPackage("dev.brew.query.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.projection..", "dev.brew.query.read..");

    /** Breakers from the registry, HTTP clients from Boot's builder, no hand-made thread pools. */
    @ArchTest
    static final ArchRule plumbing = PlumbingRules.in("dev.brew.query..");
}
