package dev.brew.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The read side keeps its shape: controllers ask through queries, and services share only contracts. */
@AnalyzeClasses(packages = "dev.brew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule only_contracts_and_defaults_are_shared = classes()
            .that().resideInAPackage("dev.brew.query..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.brew.command..", "dev.brew.member..",
                    "dev.brew.gateway..");

    @ArchTest
    static final ArchRule the_projection_knows_nothing_of_the_web = noClasses()
            .that().resideInAPackage("dev.brew.query.projection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.web..", "org.springframework.web..");

    @ArchTest
    static final ArchRule controllers_do_not_write_views = noClasses()
            .that().resideInAPackage("dev.brew.query.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.query.projection..");
}
