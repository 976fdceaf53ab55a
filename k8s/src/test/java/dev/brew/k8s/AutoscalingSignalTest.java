package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each autoscaler scales on the signal that rises first as its service nears its limit (ADR 0314): CPU for
 * command-, query- and member-service, nothing for the services kept at fixed replicas. A CPU utilization target is
 * relative to the container's CPU request, so that request must exist. Consumer lag may drive an autoscaler only up to
 * as many pods as the lagging processor has segments — more pods than segments take none of the work — and
 * query-service's projection runs as one segment, so its autoscaler must not scale on lag.
 */
class AutoscalingSignalTest {

    /** The decision of ADR 0314: the one metric each autoscaled service scales on. */
    private static final Map<String, String> SIGNAL = Map.of(
            "command-service", "cpu",
            "query-service", "cpu",
            "member-service", "cpu");

    private static final String LAG = "brew_kafka_consumer_lag_records";

    private final Rendered prod = Rendered.overlay("prod");

    @Test
    void eachAutoscalerScalesOnItsServicesSignalRelativeToTheCpuItRequests() {
        List<HorizontalPodAutoscaler> autoscalers = prod.all(HorizontalPodAutoscaler.class);
        assertThat(autoscalers).extracting(hpa -> hpa.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrderElementsOf(SIGNAL.keySet());
        for (HorizontalPodAutoscaler hpa : autoscalers) {
            String service = hpa.getSpec().getScaleTargetRef().getName();
            List<MetricSpec> metrics = hpa.getSpec().getMetrics();
            assertThat(metrics).as("%s metrics", service).hasSize(1);
            MetricSpec metric = metrics.get(0);
            assertThat(metric.getType()).as("%s metric type", service).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).as("%s signal", service).isEqualTo(SIGNAL.get(service));
            assertThat(metric.getResource().getTarget().getType()).as("%s target", service).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).as("%s CPU target (%%)", service)
                    .isBetween(50, 80);
            assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds())
                    .as("%s scale-down stabilization (s)", service).isGreaterThanOrEqualTo(300);

            Rendered.BrewContainer container = prod.brewContainers().stream()
                    .filter(brew -> brew.workload().name().equals(service)).findFirst().orElseThrow();
            Map<String, Quantity> requests = container.container().getResources().getRequests();
            assertThat(requests).as("%s CPU request (the utilization's 100 %%)", service).containsKey("cpu");
            assertThat(requests.get("cpu").getAmount()).as("%s CPU request", service).isNotBlank();
        }
    }

    @Test
    void consumerLagDrivesNoMorePodsThanTheLaggingProcessorHasSegments() {
        Rendered.BrewContainer query = prod.brewContainers().stream()
                .filter(brew -> brew.workload().name().equals("query-service")).findFirst().orElseThrow();
        int segments = Integer.parseInt(query.module().resolvedSetting("brew.query.projection.segments",
                ContainerEnvironment.of(prod, query.container())).orElse("1"));

        Map<String, Integer> lagDriven = prod.all(HorizontalPodAutoscaler.class).stream()
                .filter(hpa -> hpa.getSpec().getMetrics().stream().anyMatch(AutoscalingSignalTest::isLag))
                .collect(Collectors.toMap(hpa -> hpa.getSpec().getScaleTargetRef().getName(),
                        hpa -> hpa.getSpec().getMaxReplicas()));
        assertThat(lagDriven.getOrDefault("query-service", 1))
                .as("query-service's most pods on consumer lag: its projection has %d segment(s)", segments)
                .isLessThanOrEqualTo(segments);
        // loyalty-service's processor is single-threaded with one segment (OrderEventsConfiguration): never on lag.
        assertThat(lagDriven).as("autoscalers on consumer lag").doesNotContainKey("loyalty-service");
    }

    private static boolean isLag(MetricSpec metric) {
        String name = switch (metric.getType()) {
            case "External" -> metric.getExternal().getMetric().getName();
            case "Pods" -> metric.getPods().getMetric().getName();
            case "Object" -> metric.getObject().getMetric().getName();
            default -> "";
        };
        return name.contains(LAG) || name.contains("consumer_lag");
    }
}
