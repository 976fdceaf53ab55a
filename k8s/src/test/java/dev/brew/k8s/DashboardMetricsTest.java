package dev.brew.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import dev.brew.testing.SharedServers;
import dev.brew.testing.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboard queries exists: command-service and api-gateway are started from their Boot
 * jars (configured with the same variables the manifests set) against real PostgreSQL and Kafka, given a little
 * traffic through the gateway, and their /actuator/prometheus is scraped. A selector naming an application
 * (application="...") must be served by that application, with the labels it filters on.
 */
@RealServers(value = {Server.POSTGRES, Server.KAFKA, Server.JWT_ISSUER}, database = "brew_command")
class DashboardMetricsTest {

    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private static BootJarProcess commandService;
    private static BootJarProcess gateway;

    @BeforeAll
    static void startServices() throws IOException {
        int commandPort = BootJarProcess.freePort();
        commandService = BootJarProcess.launch("command-service", commandPort, Map.of(
                "BREW_COMMAND_DB_URL", System.getProperty("spring.datasource.url"),
                "BREW_COMMAND_DB_USER", System.getProperty("spring.datasource.username"),
                "BREW_COMMAND_DB_PASSWORD", System.getProperty("spring.datasource.password"),
                "BREW_KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(),
                "BREW_JWKS_URI", SharedServers.jwtIssuer().jwksUri(),
                "BREW_JWT_ISSUER", TestJwtIssuer.ISSUER,
                // member-service is not running: new members are looked up in vain, which is fine for metrics.
                "BREW_MEMBER_URI", "http://127.0.0.1:" + BootJarProcess.freePort()));
        Path ui = Files.createDirectories(Path.of("target", "empty-ui"));
        String nowhere = "http://127.0.0.1:" + BootJarProcess.freePort();
        gateway = BootJarProcess.launch("api-gateway", BootJarProcess.freePort(), Map.of(
                "BREW_COMMAND_URI", "http://127.0.0.1:" + commandPort,
                "BREW_QUERY_URI", nowhere,
                "BREW_MEMBER_URI", nowhere,
                "BREW_JWKS_URI", SharedServers.jwtIssuer().jwksUri(),
                "BREW_JWT_ISSUER", TestJwtIssuer.ISSUER,
                "BREW_COOKIE_SECURE", "false",
                "BREW_UI_DIR", ui.toAbsolutePath().toUri().toString()));
        commandService.awaitReady();
        gateway.awaitReady();
    }

    @AfterAll
    static void stopServices() {
        if (gateway != null) {
            gateway.close();
        }
        if (commandService != null) {
            commandService.close();
        }
    }

    @Test
    void everyMetricTheDashboardQueriesIsServedWithTheLabelsItFiltersOn() {
        Set<PromQl.Selector> selectors = dashboardSelectors();
        assertThat(selectors).as("the dashboard queries metrics").hasSizeGreaterThan(5);

        traffic();

        await("every dashboard metric in /actuator/prometheus").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Map<String, Map<String, Set<String>>> served = Map.of(
                            "command-service", scrape(commandService),
                            "api-gateway", scrape(gateway));
                    assertThat(missing(selectors, served)).isEmpty();
                });
    }

    @Test
    void aMetricNoServiceServesIsReported() {
        Map<String, Map<String, Set<String>>> served = Map.of("command-service",
                Map.of("http_server_requests_seconds_count", Set.of("application", "uri")));

        assertThat(missing(PromQl.selectors("sum(rate(brew_orders_placed_total[1m])) "
                + "/ sum(rate(http_server_requests_seconds_count{application=\"command-service\", route=\"x\"}[1m]))"),
                served))
                .containsExactly("brew_orders_placed_total: served by none of [command-service]",
                        "http_server_requests_seconds_count: command-service has no label route");
    }

    /** Calls through the gateway that create the series the dashboard shows: routes, breakers, orders. */
    private static void traffic() {
        String member = SharedServers.jwtIssuer().token(UUID.randomUUID().toString(), "dashboard", "MEMBER");
        String barista = SharedServers.jwtIssuer().token(UUID.randomUUID().toString(), "barista", "BARISTA");
        assertThat(gateway.get("/api/menu").statusCode()).isEqualTo(200);
        gateway.post("/api/orders", "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}",
                "Authorization", "Bearer " + member, "Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString());
        gateway.get("/api/orders?status=ORDERED", "Authorization", "Bearer " + barista);
        gateway.post("/api/orders", "{not json", "Authorization", "Bearer " + member,
                "Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString());
    }

    static List<String> missing(Set<PromQl.Selector> selectors, Map<String, Map<String, Set<String>>> served) {
        List<String> missing = new ArrayList<>();
        for (PromQl.Selector selector : selectors) {
            String application = selector.exact("application");
            List<String> candidates = application != null ? List.of(application)
                    : new ArrayList<>(new TreeSet<>(served.keySet()));
            List<Map<String, Set<String>>> serving = candidates.stream()
                    .map(app -> served.getOrDefault(app, Map.of()))
                    .filter(metrics -> metrics.containsKey(selector.metric())).toList();
            if (serving.isEmpty()) {
                missing.add(selector.metric() + ": served by none of " + candidates);
                continue;
            }
            for (String label : selector.matchers().keySet()) {
                if (serving.stream().noneMatch(metrics -> metrics.get(selector.metric()).contains(label))) {
                    missing.add(selector.metric() + ": " + String.join(",", candidates) + " has no label " + label);
                }
            }
        }
        return missing;
    }

    /** Metric name -> the label names its series carry. */
    private static Map<String, Set<String>> scrape(BootJarProcess service) {
        var response = service.get("/actuator/prometheus");
        assertThat(response.statusCode()).as("%s /actuator/prometheus", service.name).isEqualTo(200);
        Map<String, Set<String>> metrics = new HashMap<>();
        response.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            Matcher series = SERIES.matcher(line);
            if (series.find()) {
                Set<String> labels = metrics.computeIfAbsent(series.group(1), k -> new TreeSet<>());
                if (series.group(3) != null) {
                    Matcher label = LABEL.matcher(series.group(3));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        });
        return metrics;
    }

    /** The dashboard as it is deployed: the JSON in the rendered ConfigMap. */
    private static Set<PromQl.Selector> dashboardSelectors() {
        Rendered rendered = Rendered.overlay("prod");
        String json = rendered.configMapData(CrossChecksTest.configMapNamed(rendered, "brew-grafana-dashboard"))
                .orElseThrow().get("brew-dashboard.json");
        try {
            Set<PromQl.Selector> selectors = new LinkedHashSet<>();
            new ObjectMapper().readTree(json).findValues("expr").stream().map(JsonNode::asText)
                    .forEach(expr -> selectors.addAll(PromQl.selectors(expr)));
            return selectors;
        } catch (IOException e) {
            throw new AssertionError("The dashboard is not JSON", e);
        }
    }
}
