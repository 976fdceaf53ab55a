package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NetworkPolicies allow exactly the paths Brew needs: computed pod-to-pod reachability (Reachability) over the
 * rendered workloads and stand-ins for what lives outside the namespace, compared with the intended set.
 */
class NetworkPolicyTest {

    private static final String INGRESS = "ingress-controller";
    private static final String PROMETHEUS = "prometheus";
    private static final String DNS = "kube-dns";
    private static final String INTERNET = "internet";
    private static final String STRANGER = "pod-in-another-namespace";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theNetworkPoliciesAllowExactlyBrewsPaths(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Reachability.Peer> peers = peers(rendered);

        Set<String> actual = reachable(rendered, rendered.all(NetworkPolicy.class), peers);

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected(rendered));
    }

    @Test
    void anOverlyBroadPolicyIsCaught() {
        Rendered rendered = Rendered.overlay("dev");
        List<NetworkPolicy> policies = new ArrayList<>(rendered.all(NetworkPolicy.class));
        policies.add((NetworkPolicy) KubernetesSchema.read("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-to-postgres, namespace: %s}
                spec:
                  podSelector: {matchLabels: {app.kubernetes.io/name: postgres}}
                  policyTypes: [Ingress]
                  ingress:
                    - from: [{namespaceSelector: {}}]
                """.formatted(rendered.namespace())));

        Set<String> actual = reachable(rendered, policies, peers(rendered));

        assertThat(actual).contains(INGRESS + " -> postgres:5432/TCP", PROMETHEUS + " -> postgres:5432/TCP")
                .isNotEqualTo(expected(rendered));
    }

    @Test
    void withoutPoliciesEveryPodReachesEveryPort() {
        Rendered rendered = Rendered.overlay("dev");

        Set<String> actual = reachable(rendered, List.of(), peers(rendered));

        assertThat(actual).contains(STRANGER + " -> postgres:5432/TCP", "ui -> mongodb:27017/TCP");
    }

    /** The intended paths: the list, plus DNS, the stores' own peers, their init jobs and scraping. */
    private static Set<String> expected(Rendered rendered) {
        Set<String> expected = new TreeSet<>();
        List<String> queryTracks = rendered.workloads().stream()
                .filter(w -> "query-service".equals(w.labels().get("app.kubernetes.io/name")))
                .map(Rendered.Workload::name).toList();
        assertThat(queryTracks).contains("query-service");
        if (rendered.isProd()) {
            assertThat(queryTracks).contains("query-service-canary");
        }

        for (Rendered.Workload workload : rendered.workloads()) {
            expected.add(workload.name() + " -> " + DNS + ":53/UDP");
            expected.add(workload.name() + " -> " + DNS + ":53/TCP");
        }
        expected.add(INGRESS + " -> api-gateway:8080/TCP");
        expected.add(INGRESS + " -> ui:8080/TCP");
        expected.add("ui -> " + INTERNET + ":443/TCP");

        expected.add("api-gateway -> command-service:8081/TCP");
        expected.add("api-gateway -> member-service:8083/TCP");
        expected.add("api-gateway -> loyalty-service:8084/TCP");
        queryTracks.forEach(q -> expected.add("api-gateway -> " + q + ":8082/TCP"));

        expected.add("command-service -> postgres:5432/TCP");
        expected.add("command-service -> kafka:9092/TCP");
        expected.add("command-service -> member-service:8083/TCP");
        expected.add("command-service -> loyalty-service:8084/TCP");
        expected.add("loyalty-service -> postgres:5432/TCP");
        expected.add("loyalty-service -> kafka:9092/TCP");
        expected.add("loyalty-service -> member-service:8083/TCP");
        for (String q : queryTracks) {
            expected.add(q + " -> mongodb:27017/TCP");
            expected.add(q + " -> kafka:9092/TCP");
            expected.add(q + " -> member-service:8083/TCP");
        }
        expected.add("member-service -> mongodb:27017/TCP");
        expected.add("member-service -> kafka:9092/TCP");

        expected.add("kafka -> kafka:9092/TCP");
        expected.add("kafka -> kafka:9093/TCP");
        expected.add("mongodb -> mongodb:27017/TCP");
        expected.add("kafka-topics -> kafka:9092/TCP");
        expected.add("mongodb-init -> mongodb:27017/TCP");

        expected.add(PROMETHEUS + " -> api-gateway:8080/TCP");
        expected.add(PROMETHEUS + " -> command-service:8081/TCP");
        expected.add(PROMETHEUS + " -> member-service:8083/TCP");
        expected.add(PROMETHEUS + " -> loyalty-service:8084/TCP");
        queryTracks.forEach(q -> expected.add(PROMETHEUS + " -> " + q + ":8082/TCP"));
        return expected;
    }

    private static Set<String> reachable(Rendered rendered, List<NetworkPolicy> policies,
                                         List<Reachability.Peer> peers) {
        Map<String, Map<String, String>> namespaces = Map.of(
                rendered.namespace(), Map.of("kubernetes.io/metadata.name", rendered.namespace()),
                "ingress-nginx", Map.of("kubernetes.io/metadata.name", "ingress-nginx"),
                "monitoring", Map.of("kubernetes.io/metadata.name", "monitoring"),
                "kube-system", Map.of("kubernetes.io/metadata.name", "kube-system"),
                "other", Map.of("kubernetes.io/metadata.name", "other"));
        Set<String> outside = Set.of(INGRESS, PROMETHEUS, DNS, INTERNET, STRANGER);
        Set<String> edges = new TreeSet<>(new Reachability(policies, namespaces).edges(peers));
        // What happens between things outside the namespace is not these policies' business.
        edges.removeIf(edge -> outside.contains(edge.substring(0, edge.indexOf(" -> ")))
                && outside.contains(edge.substring(edge.indexOf(" -> ") + 4, edge.lastIndexOf(':'))));
        return edges;
    }

    private static List<Reachability.Peer> peers(Rendered rendered) {
        List<Reachability.Peer> peers = new ArrayList<>();
        int host = 10;
        for (Rendered.Workload workload : rendered.workloads()) {
            peers.add(Reachability.Peer.of(workload, rendered.namespace(), "10.1.0." + host++));
        }
        peers.add(new Reachability.Peer(INGRESS, "ingress-nginx",
                Map.of("app.kubernetes.io/name", "ingress-nginx"), "10.2.0.1", List.of()));
        peers.add(new Reachability.Peer(PROMETHEUS, "monitoring",
                Map.of("app.kubernetes.io/name", "prometheus"), "10.2.0.2", List.of()));
        peers.add(new Reachability.Peer(DNS, "kube-system", Map.of("k8s-app", "kube-dns"), "10.2.0.3",
                List.of(port(53, "UDP"), port(53, "TCP"))));
        // Same labels as a Brew service, wrong namespace: must gain nothing from them.
        peers.add(new Reachability.Peer(STRANGER, "other", Map.of("app.kubernetes.io/name", "api-gateway"),
                "10.2.0.4", List.of(port(8080, "TCP"))));
        peers.add(new Reachability.Peer(INTERNET, null, Map.of(), "203.0.113.10",
                List.of(port(443, "TCP"), port(80, "TCP"))));
        return peers;
    }

    private static ContainerPort port(int number, String protocol) {
        return new ContainerPortBuilder().withContainerPort(number).withProtocol(protocol).build();
    }
}
