package dev.brew.loyalty;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.brew.testing.PlumbingRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shape every Brew service keeps: the domain knows nothing of the web or the store; only contracts shared. */
@AnalyzeClasses(packages = "dev.brew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_does_not_depend_on_web_or_the_store = noClasses()
            .that().resideInAPackage("dev.brew.loyalty.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.loyalty.web..", "dev.brew.loyalty.ledger..",
                    "org.springframework.web..", "org.springframework.jdbc..", "jakarta.servlet..");

    @ArchTest
    static final ArchRule only_contracts_and_defaults_are_shared = classes()
            .that().resideInAPackage("dev.brew.loyalty..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.brew.command..", "dev.brew.query..",
                    "dev.brew.member..", "dev.brew.gateway..");

    /** Breakers from the registry, HTTP clients from Boot's builders, no hand-made thread pools. */
    @ArchTest
    static final ArchRule plumbing = PlumbingRules.in("dev.brew.loyalty..");
}
