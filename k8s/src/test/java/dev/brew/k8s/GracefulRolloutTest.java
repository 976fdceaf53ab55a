package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout is invisible to users (issue 20, ADR 0311): every Brew service's Deployment replaces pods with
 * {@code maxUnavailable: 0}; its pod waits in {@code preStop} at least one readiness period, so the endpoint removal
 * has reached the proxies before the JVM is told to stop; and its termination grace covers the pause plus the service's
 * own shutdown settings (drain and graceful phase timeout, read from its application.yml and the shared defaults, with
 * the container's environment), so Kubernetes never kills a pod that is still finishing calls. In prod every
 * disruption budget lets exactly one pod go at a time while the others serve.
 */
class GracefulRolloutTest {

    /** What the JVM needs after the graceful phase: stopping the processors, closing clients, exiting. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceRollsOneNewPodInBeforeAnOldOneGoesAndDrainsItWithinItsGrace(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Rendered.BrewContainer> services = rendered.brewContainers().stream()
                .filter(brew -> brew.workload().kind().equals("Deployment"))
                .filter(brew -> brew.module().usesServiceDefaults())
                .toList();
        assertThat(services).as("Spring services in %s", overlay).hasSizeGreaterThanOrEqualTo(5);

        for (Rendered.BrewContainer brew : services) {
            Deployment deployment = rendered.find(Deployment.class, brew.workload().name()).orElseThrow();
            var strategy = deployment.getSpec().getStrategy();
            assertThat(strategy).as("%s strategy", brew).isNotNull();
            assertThat(strategy.getType()).as("%s strategy", brew).isEqualTo("RollingUpdate");
            assertThat(strategy.getRollingUpdate().getMaxUnavailable()).as("%s maxUnavailable", brew)
                    .isIn(new IntOrString(0), new IntOrString("0%"));
            if (brew.module().usesServiceDefaults() && !brew.workload().name().contains("gateway")) {
                assertThat(deployment.getSpec().getMinReadySeconds()).as("%s minReadySeconds (ADR 0315)", brew)
                        .isNotNull().isGreaterThanOrEqualTo(30);
            }

            Container container = brew.container();
            assertThat(container.getLifecycle()).as("%s lifecycle", brew).isNotNull();
            assertThat(container.getLifecycle().getPreStop()).as("%s preStop", brew).isNotNull();
            assertThat(container.getLifecycle().getPreStop().getSleep()).as("%s preStop sleep", brew).isNotNull();
            long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
            int readinessPeriod = container.getReadinessProbe().getPeriodSeconds() == null ? 10
                    : container.getReadinessProbe().getPeriodSeconds();
            assertThat(preStop).as("%s preStop pause covers a readiness period", brew)
                    .isGreaterThanOrEqualTo(readinessPeriod);

            Map<String, String> environment = ContainerEnvironment.of(rendered, container);
            ServiceModule module = brew.module();
            assertThat(module.resolvedSetting("server.shutdown", environment)).as("%s server.shutdown", brew)
                    .contains("graceful");
            Duration phase = duration(module.resolvedSetting(
                    "spring.lifecycle.timeout-per-shutdown-phase", environment).orElse("30s"));
            Duration drain = duration(module.resolvedSetting("brew.shutdown.drain", environment)
                    .orElse("0s"));
            Duration needed = Duration.ofSeconds(preStop).plus(drain).plus(phase).plus(EXIT_MARGIN);
            Long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertThat(grace).as("%s terminationGracePeriodSeconds", brew).isNotNull();
            assertThat(Duration.ofSeconds(grace))
                    .as("%s grace ≥ preStop %d s + drain %s + graceful phase %s + %s", brew, preStop, drain, phase,
                            EXIT_MARGIN)
                    .isGreaterThanOrEqualTo(needed);
        }
    }

    /** Spring's duration forms used in the settings: 20s, 500ms, 1m, or plain milliseconds. */
    static Duration duration(String value) {
        String v = value.trim();
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void disruptionBudgetsLetOnePodGoAtATime(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class);
        assertThat(budgets).isNotEmpty();
        for (PodDisruptionBudget pdb : budgets) {
            Rendered.Workload workload = rendered.workloads().stream()
                    .filter(w -> Rendered.matches(pdb.getSpec().getSelector(), w.labels())).findFirst().orElseThrow();
            int replicas = workload.replicaCount();
            // maxUnavailable, not minAvailable: one at a time also once an autoscaler has added pods.
            assertThat(pdb.getSpec().getMinAvailable()).as("PDB of %s minAvailable", workload).isNull();
            assertThat(pdb.getSpec().getMaxUnavailable()).as("PDB of %s maxUnavailable (replicas %d)", workload,
                    replicas).isEqualTo(new IntOrString(1));
            assertThat(replicas).as("%s keeps one serving while one goes", workload).isGreaterThanOrEqualTo(2);
        }
    }
}
