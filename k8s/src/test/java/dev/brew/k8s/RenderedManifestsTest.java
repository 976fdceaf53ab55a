package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Each overlay renders with kubectl, and every object it renders is valid Kubernetes (KubernetesSchema). */
class RenderedManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersAndEveryObjectMatchesTheKubernetesSchema(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.objects).hasSizeGreaterThan(30);
        assertThat(rendered.all(Namespace.class)).as("one Namespace per overlay").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectLivesInTheOverlaysNamespaceUnderAUniqueName(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        String namespace = rendered.namespace();

        assertThat(rendered.objects).filteredOn(o -> !(o instanceof Namespace))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(describe(o)).isEqualTo(namespace));
        Map<String, Long> counts = rendered.objects.stream()
                .collect(Collectors.groupingBy(o -> o.getKind() + "/" + o.getMetadata().getName(),
                        Collectors.counting()));
        assertThat(counts).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeployableModuleRunsInTheOverlay(String overlay) {
        List<String> running = Rendered.overlay(overlay).brewContainers().stream()
                .map(c -> c.module().name()).distinct().toList();

        assertThat(running).containsAll(ServiceModule.deployable().stream().map(ServiceModule::name).toList());
    }

    static String describe(HasMetadata object) {
        return object.getKind() + " " + object.getMetadata().getName();
    }

    static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        return items.stream().collect(Collectors.toMap(name, Function.identity()));
    }
}
