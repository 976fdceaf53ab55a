package dev.brew.testing;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * One way to do each piece of plumbing: breakers from Boot's Resilience4j registry (configured in YAML, measured),
 * HTTP clients from Boot's {@code RestClient.Builder} or {@code WebClient.Builder} (observed and traced), threads
 * from Spring's executors and schedulers (measured, shut down gracefully). A service's ArchitectureTest holds
 * {@code @ArchTest static final ArchRule plumbing = PlumbingRules.in("dev.brew.<service>..")}.
 */
public final class PlumbingRules {

    private PlumbingRules() {
    }

    /** The three rules for the main classes in {@code packages}. */
    public static ArchRule in(String packages) {
        return CompositeArchRule
                .of(noClasses().that().resideInAPackage(packages)
                        .should().callMethodWhere(call("io.github.resilience4j.circuitbreaker.CircuitBreaker", "of"))
                        .because("a breaker built by hand has no YAML configuration and no resilience4j_* metrics:"
                                + " take it from the CircuitBreakerRegistry"))
                .and(noClasses().that().resideInAPackage(packages)
                        .should().callMethodWhere(call("org.springframework.web.client.RestClient", "builder"))
                        .orShould().callMethodWhere(call("org.springframework.web.client.RestClient", "create"))
                        .orShould().callMethodWhere(call("org.springframework.web.reactive.function.client.WebClient",
                                "builder"))
                        .orShould().callMethodWhere(call("org.springframework.web.reactive.function.client.WebClient",
                                "create"))
                        .because("a static RestClient or WebClient has no observation (metrics, traces):"
                                + " inject Boot's RestClient.Builder or WebClient.Builder"))
                .and(noClasses().that().resideInAPackage(packages)
                        .should().callMethodWhere(target(owner(type(java.util.concurrent.Executors.class)))
                                .and(target(nameStartingWith("new"))))
                        .because("Spring's task executors and schedulers get metrics and graceful shutdown"));
    }

    private static DescribedPredicate<JavaCall<?>> call(String owner, String method) {
        return target(owner(name(owner))).and(target(name(method)));
    }
}
