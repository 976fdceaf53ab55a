package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema check itself: it accepts a valid object and refuses each kind of mistake, naming the field. */
class KubernetesSchemaTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              replicas: 2
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      image: brew/demo:1.0.0
                      ports:
                        - containerPort: 8080
                      resources:
                        requests: {cpu: 250m, memory: 512Mi}
                      readinessProbe:
                        httpGet: {path: /actuator/health/readiness, port: 8080}
            """;

    @Test
    void aValidObjectIsReadIntoItsTypedModel() {
        Deployment deployment = (Deployment) KubernetesSchema.read(DEPLOYMENT);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe()
                .getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "misspelt top-level field     | 'replicas: 2'             | 'replica: 2'              | spec.replica",
            "misspelt nested field        | 'containerPort: 8080'     | 'containerPrt: 8080'      | containerPrt",
            "field at the wrong level     | '      readinessProbe:'    | '      readinesProbe:'     | readinesProbe",
            "number given as text         | 'replicas: 2'             | 'replicas: \"2\"'         | spec.replicas",
            "word where a number belongs  | 'replicas: 2'             | 'replicas: two'           | spec.replicas",
            "list where an object belongs | 'matchLabels: {app: demo}' | 'matchLabels: [app]'      | matchLabels",
    })
    void aBrokenObjectIsRefusedWithTheFieldNamed(String mistake, String valid, String broken, String field) {
        String yaml = DEPLOYMENT.replaceFirst(java.util.regex.Pattern.quote(valid.trim()), broken.trim());
        assertThat(yaml).as("the test case changes the document").isNotEqualTo(DEPLOYMENT);

        assertThatThrownBy(() -> KubernetesSchema.read(yaml))
                .as(mistake)
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("Deployment demo")
                .hasMessageContaining(field);
    }

    @Test
    void aKindOrApiVersionBrewDoesNotUseIsRefused() {
        assertThatThrownBy(() -> KubernetesSchema.read(DEPLOYMENT.replace("apps/v1", "extensions/v1beta1")))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("extensions/v1beta1/Deployment");
        assertThatThrownBy(() -> KubernetesSchema.read("""
                apiVersion: autoscaling/v1
                kind: HorizontalPodAutoscaler
                metadata: {name: old}
                """))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("autoscaling/v1/HorizontalPodAutoscaler");
    }

    @Test
    void anObjectWithoutAName() {
        assertThatThrownBy(() -> KubernetesSchema.read("""
                apiVersion: v1
                kind: ConfigMap
                data: {a: b}
                """))
                .isInstanceOf(KubernetesSchema.SchemaViolation.class)
                .hasMessageContaining("without metadata.name");
    }
}
