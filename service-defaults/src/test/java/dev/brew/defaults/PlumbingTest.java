package dev.brew.defaults;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.brew.testing.PlumbingRules;

/** What every service gets from here does its plumbing the one way the services do. */
@AnalyzeClasses(packages = "dev.brew.defaults", importOptions = ImportOption.DoNotIncludeTests.class)
class PlumbingTest {

    /** Breakers from the registry, HTTP clients from Boot's builder, no hand-made thread pools. */
    @ArchTest
    static final ArchRule plumbing = PlumbingRules.in("dev.brew.defaults..");
}
