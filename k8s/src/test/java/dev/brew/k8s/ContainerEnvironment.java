package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a container starts with, as far as the manifests decide it: literal values, ConfigMap values
 * (envFrom and single keys) and Secret values (decoded where the overlay generates the Secret; a marker where the
 * Secret is created in the cluster).
 */
final class ContainerEnvironment {

    private ContainerEnvironment() {
    }

    static Map<String, String> of(Rendered rendered, Container container) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvFromSource source : list(container.getEnvFrom())) {
            if (source.getConfigMapRef() != null) {
                String name = source.getConfigMapRef().getName();
                environment.putAll(rendered.configMapData(name).orElseThrow(() -> new AssertionError(
                        container.getName() + " takes its environment from ConfigMap " + name + ", not rendered")));
            } else {
                throw new AssertionError(container.getName() + ": envFrom a Secret hides which variables it sets; "
                        + "use env with secretKeyRef");
            }
        }
        for (EnvVar variable : list(container.getEnv())) {
            environment.put(variable.getName(), value(rendered, container, variable));
        }
        return environment;
    }

    private static String value(Rendered rendered, Container container, EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return variable.getValue() == null ? "" : variable.getValue();
        }
        var from = variable.getValueFrom();
        if (from.getConfigMapKeyRef() != null) {
            String name = from.getConfigMapKeyRef().getName();
            String key = from.getConfigMapKeyRef().getKey();
            return rendered.configMapData(name).map(data -> data.get(key)).orElseThrow(() -> new AssertionError(
                    container.getName() + "." + variable.getName() + " names ConfigMap key " + name + "/" + key
                            + ", not rendered"));
        }
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            String key = from.getSecretKeyRef().getKey();
            return rendered.secretData(name).map(data -> data.get(key)).orElse("<secret " + name + "/" + key + ">");
        }
        return "<from the pod: " + variable.getName() + ">";
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
