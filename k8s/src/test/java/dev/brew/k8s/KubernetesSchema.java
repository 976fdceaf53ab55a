package dev.brew.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes API schema, as fabric8's typed models of it, read strictly: a field the API does not have (a typo),
 * a value of the wrong type, or a kind/apiVersion this project does not expect fails the read, with the object and
 * the field named. fabric8's models would otherwise swallow unknown fields into "additionalProperties"; that door is
 * closed here by removing their any-setter.
 */
final class KubernetesSchema {

    /** Every apiVersion/kind Brew's manifests may contain, and the model that describes it. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class));

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule("strict-kubernetes").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                                                             BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);
                    return builder;
                }
            }))
            .build();

    private KubernetesSchema() {
    }

    /** Reads every document of a multi-document YAML stream; the first violation fails the whole read. */
    static List<HasMetadata> readAll(String yaml) {
        try {
            List<HasMetadata> objects = new ArrayList<>();
            for (JsonNode document : YAML.readValues(YAML.createParser(yaml), JsonNode.class).readAll()) {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    objects.add(read(document));
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("Not YAML: " + e.getMessage(), e);
        }
    }

    static HasMetadata read(String yaml) {
        List<HasMetadata> objects = readAll(yaml);
        if (objects.size() != 1) {
            throw new IllegalArgumentException("Expected one object, found " + objects.size());
        }
        return objects.get(0);
    }

    static HasMetadata read(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText("");
        String kind = document.path("kind").asText("");
        String name = document.path("metadata").path("name").asText("<no name>");
        String id = apiVersion + "/" + kind;
        Class<? extends HasMetadata> type = TYPES.get(id);
        if (type == null) {
            throw new SchemaViolation(kind + " " + name + ": " + id + " is not a kind Brew's manifests use "
                    + "(known: " + TYPES.keySet().stream().sorted().toList() + ")");
        }
        try {
            HasMetadata object = STRICT.treeToValue(document, type);
            if (object.getMetadata() == null || object.getMetadata().getName() == null) {
                throw new SchemaViolation(kind + " without metadata.name");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw new SchemaViolation(kind + " " + name + " does not match the Kubernetes schema: "
                    + e.getOriginalMessage() + " at " + path(e), e);
        }
    }

    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping) {
            StringBuilder path = new StringBuilder();
            for (var reference : mapping.getPath()) {
                path.append(reference.getFieldName() != null ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]");
            }
            return path.length() == 0 ? "<root>" : path.substring(path.charAt(0) == '.' ? 1 : 0);
        }
        return "<unknown>";
    }

    /** An object that is not valid Kubernetes. */
    static final class SchemaViolation extends RuntimeException {
        SchemaViolation(String message) {
            super(message);
        }

        SchemaViolation(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
