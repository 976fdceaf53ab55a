package dev.brew.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.brew.testing.PlumbingRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shape every Brew service keeps: the domain knows nothing of the web, and services share only contracts. */
@AnalyzeClasses(packages = "dev.brew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_does_not_depend_on_web_or_persistence = noClasses()
            .that().resideInAPackage("dev.brew.command.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.command.web..",
                    "dev.brew.command.persistence..", "dev.brew.command.publishing..", "org.springframework.web..",
                    "org.springframework.jdbc..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule only_contracts_and_defaults_are_shared = classes()
            .that().resideInAPackage("dev.brew.command..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.brew.query..", "dev.brew.member..",
                    "dev.brew.gateway..");

    @ArchTest
    static final ArchRule web_talks_to_the_domain_through_commands = noClasses()
            .that().resideInAPackage("dev.brew.command.web..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.command.persistence..",
                    "org.springframework.jdbc.core..");

    /** Breakers from the registry, HTTP clients from Boot's builder, no hand-made thread pools. */
    @ArchTest
    static final ArchRule plumbing = PlumbingRules.in("dev.brew.command..");
}
