package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/** One overlay rendered by kubectl and read strictly: the objects a {@code kubectl apply -k} would send. */
final class Rendered {

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final List<HasMetadata> objects;

    private Rendered(String overlay, List<HasMetadata> objects) {
        this.overlay = overlay;
        this.objects = List.copyOf(objects);
    }

    static Rendered overlay(String name) {
        return CACHE.computeIfAbsent(name, overlay -> new Rendered(overlay,
                KubernetesSchema.readAll(Kubectl.kustomize(Repository.k8s().resolve("overlays").resolve(overlay)))));
    }

    boolean isProd() {
        return overlay.equals("prod");
    }

    String namespace() {
        return all(Namespace.class).stream().map(ns -> ns.getMetadata().getName()).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no Namespace"));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() ->
                new AssertionError(overlay + " renders no " + type.getSimpleName() + " named " + name));
    }

    Optional<Map<String, String>> configMapData(String name) {
        return find(ConfigMap.class, name).map(cm -> cm.getData() == null ? Map.of() : cm.getData());
    }

    /** A generated Secret's values, decoded (dev only: prod renders no Secret). */
    Optional<Map<String, String>> secretData(String name) {
        return find(Secret.class, name).map(secret -> {
            Map<String, String> values = new java.util.TreeMap<>();
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getMimeDecoder().decode(v), UTF_8)));
            }
            if (secret.getStringData() != null) {
                values.putAll(secret.getStringData());
            }
            return values;
        });
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(new Workload("Deployment", d.getMetadata().getName(),
                d.getSpec().getReplicas(), d.getSpec().getSelector(), d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> workloads.add(new Workload("StatefulSet", s.getMetadata().getName(),
                s.getSpec().getReplicas(), s.getSpec().getSelector(), s.getSpec().getTemplate())));
        all(Job.class).forEach(j -> workloads.add(new Workload("Job", j.getMetadata().getName(),
                1, j.getSpec().getSelector(), j.getSpec().getTemplate())));
        return workloads;
    }

    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " renders no workload named " + name));
    }

    /** The workloads whose pods a Service (or any selector of plain labels) picks. */
    List<Workload> selectedBy(Map<String, String> selector) {
        return workloads().stream().filter(w -> matches(selector, w.labels())).toList();
    }

    List<Service> services() {
        return all(Service.class);
    }

    /**
     * A container of a Brew service: its image is {@code brew/<module>}, the module whose settings and ports it must
     * agree with.
     */
    List<BrewContainer> brewContainers() {
        return workloads().stream().flatMap(w -> w.containers().stream()
                        .filter(c -> c.getImage() != null && c.getImage().startsWith(Images.BREW_PREFIX))
                        .map(c -> new BrewContainer(w, c, Images.module(c.getImage()))))
                .toList();
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    /** Label-selector semantics of the API (matchLabels and matchExpressions); an empty selector matches all. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean labelsMatch = matchLabels.entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        return labelsMatch && expressions.stream().allMatch(r -> switch (r.getOperator()) {
            case "In" -> labels.containsKey(r.getKey()) && r.getValues().contains(labels.get(r.getKey()));
            case "NotIn" -> !labels.containsKey(r.getKey()) || !r.getValues().contains(labels.get(r.getKey()));
            case "Exists" -> labels.containsKey(r.getKey());
            case "DoesNotExist" -> !labels.containsKey(r.getKey());
            default -> throw new AssertionError("Unknown selector operator " + r.getOperator());
        });
    }

    /** A Deployment, StatefulSet or Job: something that runs pods from a template. */
    record Workload(String kind, String name, Integer replicas, LabelSelector selector, PodTemplateSpec template) {

        Map<String, String> labels() {
            Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        Map<String, String> annotations() {
            Map<String, String> annotations = template.getMetadata() == null ? null
                    : template.getMetadata().getAnnotations();
            return annotations == null ? Map.of() : annotations;
        }

        PodSpec pod() {
            return template.getSpec();
        }

        List<Container> containers() {
            return pod().getContainers();
        }

        List<Container> allContainers() {
            return Stream.concat(pod().getInitContainers() == null ? Stream.empty()
                    : pod().getInitContainers().stream(), pod().getContainers().stream()).toList();
        }

        int replicaCount() {
            return replicas == null ? 1 : replicas;
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    record BrewContainer(Workload workload, Container container, ServiceModule module) {
        @Override
        public String toString() {
            return workload.name() + "/" + container.getName() + " (" + module.name() + ")";
        }
    }
}
