package dev.brew.member;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.brew.testing.PlumbingRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.brew", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule the_domain_knows_no_web_storage_or_kafka = noClasses()
            .that().resideInAPackage("dev.brew.member.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.member.web..", "dev.brew.member.persistence..",
                    "dev.brew.member.publishing..", "org.springframework.web..", "com.mongodb..", "org.bson..",
                    "org.apache.kafka..");

    @ArchTest
    static final ArchRule no_other_service_is_imported = noClasses()
            .that().resideInAPackage("dev.brew.member..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.brew.command..", "dev.brew.query..",
                    "dev.brew.gateway..");

    @ArchTest
    static final ArchRule only_the_web_layer_sees_http = noClasses()
            .that().resideInAnyPackage("dev.brew.member.persistence..", "dev.brew.member.publishing..")
            .should().dependOnClassesThat().resideInAPackage("dev.brew.member.web..");

    /** Breakers from the registry, HTTP clients from Boot's builder, no hand-made thread pools. */
    @ArchTest
    static final ArchRule plumbing = PlumbingRules.in("dev.brew.member..");
}
