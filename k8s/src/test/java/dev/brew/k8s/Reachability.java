package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which pod may open a connection to which pod and port, computed from NetworkPolicies with the API's semantics:
 * a pod selected by no policy of a direction is open in that direction; a selected pod allows only what some rule
 * of a policy selecting it allows; a connection needs the sender's egress and the receiver's ingress.
 */
final class Reachability {

    /** A pod (a workload's pods, or a stand-in for something outside the namespace) and the ports it listens on. */
    record Peer(String name, String namespace, Map<String, String> labels, String ip, List<ContainerPort> ports) {

        static Peer of(Rendered.Workload workload, String namespace, String ip) {
            List<ContainerPort> ports = workload.containers().stream()
                    .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream()).toList();
            return new Peer(workload.name(), namespace, workload.labels(), ip, ports);
        }
    }

    private final List<NetworkPolicy> policies;
    private final Map<String, Map<String, String>> namespaceLabels;

    Reachability(List<NetworkPolicy> policies, Map<String, Map<String, String>> namespaceLabels) {
        this.policies = policies;
        this.namespaceLabels = namespaceLabels;
    }

    /** Every allowed "from -> to:port/protocol" among these peers (a peer never connects to itself by name). */
    Set<String> edges(List<Peer> peers) {
        Set<String> edges = new TreeSet<>();
        for (Peer from : peers) {
            for (Peer to : peers) {
                for (ContainerPort port : to.ports()) {
                    String protocol = Optional.ofNullable(port.getProtocol()).orElse("TCP");
                    if (allowed(from, to, port.getContainerPort(), protocol)) {
                        edges.add(from.name() + " -> " + to.name() + ":" + port.getContainerPort() + "/" + protocol);
                    }
                }
            }
        }
        return edges;
    }

    boolean allowed(Peer from, Peer to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    private boolean egressAllowed(Peer from, Peer to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of())
                        .stream().map(rule -> new Rule(p, rule.getTo(), rule.getPorts())))
                .anyMatch(rule -> rule.admits(to, to, port, protocol));
    }

    private boolean ingressAllowed(Peer from, Peer to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of())
                        .stream().map(rule -> new Rule(p, rule.getFrom(), rule.getPorts())))
                .anyMatch(rule -> rule.admits(from, to, port, protocol));
    }

    private List<NetworkPolicy> selecting(Peer pod, String direction) {
        return policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(pod.namespace()))
                .filter(p -> types(p).contains(direction))
                .filter(p -> Rendered.matches(p.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    /** policyTypes, defaulted as the API does: Ingress always, Egress when there are egress rules. */
    private static List<String> types(NetworkPolicy policy) {
        if (policy.getSpec().getPolicyTypes() != null && !policy.getSpec().getPolicyTypes().isEmpty()) {
            return policy.getSpec().getPolicyTypes();
        }
        List<String> types = new ArrayList<>(List.of("Ingress"));
        if (policy.getSpec().getEgress() != null && !policy.getSpec().getEgress().isEmpty()) {
            types.add("Egress");
        }
        return types;
    }

    private final class Rule {
        private final NetworkPolicy policy;
        private final List<NetworkPolicyPeer> peers;
        private final List<NetworkPolicyPort> ports;

        Rule(NetworkPolicy policy, List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
            this.policy = policy;
            this.peers = peers;
            this.ports = ports;
        }

        /** Whether this rule admits the other end "peer" on port of the receiving pod "receiver". */
        boolean admits(Peer peer, Peer receiver, int port, String protocol) {
            boolean peerMatches = peers == null || peers.isEmpty() || peers.stream().anyMatch(p -> matches(p, peer));
            boolean portMatches = ports == null || ports.isEmpty()
                    || ports.stream().anyMatch(p -> matches(p, receiver, port, protocol));
            return peerMatches && portMatches;
        }

        private boolean matches(NetworkPolicyPeer selector, Peer peer) {
            if (selector.getIpBlock() != null) {
                return inCidr(peer.ip(), selector.getIpBlock().getCidr())
                        && Optional.ofNullable(selector.getIpBlock().getExcept()).orElse(List.of()).stream()
                        .noneMatch(except -> inCidr(peer.ip(), except));
            }
            if (peer.namespace() == null) {
                return false;
            }
            LabelSelector namespaces = selector.getNamespaceSelector();
            boolean namespaceMatches = namespaces == null
                    ? peer.namespace().equals(policy.getMetadata().getNamespace())
                    : Rendered.matches(namespaces, namespaceLabels.getOrDefault(peer.namespace(), Map.of()));
            boolean podMatches = selector.getPodSelector() == null
                    || Rendered.matches(selector.getPodSelector(), peer.labels());
            return namespaceMatches && podMatches;
        }

        private boolean matches(NetworkPolicyPort rule, Peer receiver, int port, String protocol) {
            if (!Optional.ofNullable(rule.getProtocol()).orElse("TCP").equals(protocol)) {
                return false;
            }
            IntOrString allowed = rule.getPort();
            if (allowed == null) {
                return true;
            }
            if (allowed.getStrVal() != null) {
                return receiver.ports().stream().anyMatch(p -> allowed.getStrVal().equals(p.getName())
                        && p.getContainerPort() == port);
            }
            int end = rule.getEndPort() != null ? rule.getEndPort() : allowed.getIntVal();
            return port >= allowed.getIntVal() && port <= end;
        }
    }

    static boolean inCidr(String ip, String cidr) {
        if (ip == null) {
            return false;
        }
        try {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            BigInteger address = new BigInteger(1, InetAddress.getByName(ip).getAddress());
            BigInteger network = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
            int shift = 32 - bits;
            return address.shiftRight(shift).equals(network.shiftRight(shift));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
