package dev.brew.k8s;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21: in the cluster every client shared one sign-in limit and one anonymous rate-limit bucket, because the
 * gateway trusted no forwarded header there and member-service saw the ingress's (or the gateway's) address for
 * everyone. The rendered configuration must make the client the address the ingress saw: the gateway believes the
 * ingress's X-Forwarded-For (from private pod ranges only, which the NetworkPolicies narrow to the ingress
 * controller: NetworkPolicyTest), and member-service takes the one address the gateway passes on.
 */
class ClientAddressBehindIngressTest {

    /** The private ranges a pod address can come from (RFC 1918, IPv6 unique local). */
    private static final List<String> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewayBelievesOnlyPodAddressesAndMemberServiceBelievesTheGateway(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        Map<String, String> gateway = environment(rendered, "api-gateway");
        assertThat(gateway.get("BREW_TRUSTED_PROXIES")).as("%s: the gateway's trusted proxies", overlay).isNotBlank();
        for (String range : gateway.get("BREW_TRUSTED_PROXIES").split(",")) {
            assertThat(PRIVATE.stream().anyMatch(p -> within(range.strip(), p)))
                    .as("%s: trusted range %s lies in a private range (a public one would let clients pick their "
                            + "own address)", overlay, range).isTrue();
        }
        assertThat(gateway).as("%s: Reactor Netty's own handler believes the leftmost entry", overlay)
                .doesNotContainKey("BREW_FORWARD_HEADERS").doesNotContainKey("SERVER_FORWARD_HEADERS_STRATEGY");
        assertThat(environment(rendered, "member-service").get("BREW_TRUST_FORWARDED_FOR"))
                .as("%s: member-service takes the client address the gateway passes on", overlay).isEqualTo("true");
    }

    /**
     * The gateway's jar, started with the dev overlay's rendered environment, behind an "ingress" that appended the
     * client's address to what the client wrote: member-service is told the appended one, never the written one.
     * The test's own connection comes from loopback, which no pod range holds, so it is added to the rendered
     * ranges as the stand-in for the ingress pod's address.
     */
    @Test
    void behindTheIngressMemberServiceIsToldTheAddressTheIngressSaw() throws IOException {
        List<String> forwardedFor = new CopyOnWriteArrayList<>();
        HttpServer memberService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        memberService.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/api/sessions")) {
                forwardedFor.add(String.valueOf(exchange.getRequestHeaders().get("X-Forwarded-For")));
            }
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/api/sessions") ? 401 : 200,
                    body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        memberService.start();
        String member = "http://127.0.0.1:" + memberService.getAddress().getPort();

        Map<String, String> environment = new HashMap<>(environment(Rendered.overlay("dev"), "api-gateway"));
        environment.remove("JAVA_TOOL_OPTIONS");
        // The cluster's service names do not resolve here: the backends are this test's stand-in.
        environment.putAll(Map.of("BREW_MEMBER_URI", member, "BREW_COMMAND_URI", member, "BREW_QUERY_URI", member,
                "BREW_JWKS_URI", member + "/.well-known/jwks.json",
                "BREW_UI_DIR", Files.createDirectories(Path.of("target", "empty-ui")).toAbsolutePath().toUri()
                        .toString(),
                "BREW_TRUSTED_PROXIES", environment.get("BREW_TRUSTED_PROXIES") + ",127.0.0.1/32"));
        try (BootJarProcess gateway = BootJarProcess.launch("api-gateway", BootJarProcess.freePort(), environment)) {
            gateway.awaitReady();

            HttpResponse<String> answer = gateway.post("/api/sessions", "{\"name\":\"kim\",\"password\":\"guess\"}",
                    "Content-Type", "application/json",
                    // What ingress-nginx sends on: the client's own header, then the address it saw.
                    "X-Forwarded-For", "198.51.100.66, 203.0.113.7");

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
            assertThat(forwardedFor).containsExactly("[203.0.113.7]");
        } finally {
            memberService.stop(0);
        }
    }

    private static Map<String, String> environment(Rendered rendered, String module) {
        Rendered.BrewContainer container = rendered.brewContainers().stream()
                .filter(c -> c.module().name().equals(module) && !c.workload().name().contains("canary"))
                .findFirst().orElseThrow(() -> new AssertionError(module + " is not rendered"));
        return ContainerEnvironment.of(rendered, container.container());
    }

    /** Whether CIDR {@code inner} lies inside CIDR {@code outer}. */
    static boolean within(String inner, String outer) {
        try {
            String[] in = inner.split("/");
            String[] out = outer.split("/");
            byte[] a = InetAddress.getByName(in[0]).getAddress();
            byte[] b = InetAddress.getByName(out[0]).getAddress();
            if (a.length != b.length) {
                return false;
            }
            int bits = a.length * 8;
            int innerPrefix = in.length > 1 ? Integer.parseInt(in[1]) : bits;
            int outerPrefix = Integer.parseInt(out[1]);
            int shift = bits - outerPrefix;
            return innerPrefix >= outerPrefix
                    && new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, b).shiftRight(shift));
        } catch (IOException e) {
            return false;
        }
    }
}
