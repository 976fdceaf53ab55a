package dev.brew.benchmarks.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Orders at a fixed arrival rate: each arrival is a member (signed in beforehand, see {@code brew.tokens}) placing
 * one order, which a barista then completes. So N orders/s is 2N requests/s. The same simulation drives the bare
 * pipeline (no tokens, its own paths) so that both are loaded the same way.
 *
 * <p>System properties: {@code brew.url}, {@code brew.rate} (orders/s), {@code brew.duration} (s), {@code
 * brew.tokens} (a file: first line the barista's token, then one member token a line; empty for the baseline),
 * {@code brew.ordersPath} ({@code /api/orders}).
 */
public class OrderLoadSimulation extends Simulation {

    private static final List<String> MENU = List.of("AMERICANO", "CAFE_LATTE", "CAPPUCCINO", "VANILLA_LATTE",
            "CARAMEL_MACCHIATO", "CAFE_MOCHA", "COLD_BREW", "GREEN_TEA_LATTE", "CHAMOMILE_TEA", "HOT_CHOCOLATE");

    private final String url = System.getProperty("brew.url", "http://localhost:8080");
    private final double rate = Double.parseDouble(System.getProperty("brew.rate", "100"));
    private final int duration = Integer.getInteger("brew.duration", 60);
    private final String ordersPath = System.getProperty("brew.ordersPath", "/api/orders");
    private final List<String> tokens = tokens(System.getProperty("brew.tokens", ""));

    {
        String barista = tokens.isEmpty() ? "none" : tokens.get(0);
        List<String> members = tokens.size() > 1 ? tokens.subList(1, tokens.size()) : List.of("none");

        HttpProtocolBuilder protocol = http.baseUrl(url)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                // One pool for all arrivals: the load generator shares two cores with the system under test.
                .shareConnections();

        ScenarioBuilder orders = scenario("order and complete")
                .exec(session -> session
                        .set("token", members.get(ThreadLocalRandom.current().nextInt(members.size())))
                        .set("key", UUID.randomUUID().toString()))
                .exec(http("place order").post(ordersPath)
                        .header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{key}")
                        .body(StringBody(session -> orderBody()))
                        .check(status().is(202), jsonPath("$.orderId").saveAs("orderId")))
                .exec(http("complete order").post(ordersPath + "/#{orderId}/complete")
                        .header("Authorization", "Bearer " + barista)
                        .check(status().is(202)));

        setUp(orders.injectOpen(constantUsersPerSec(rate).during(duration))).protocols(protocol);
    }

    /** One to three lines of random drinks, quantities 1 to 3. */
    static String orderBody() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder body = new StringBuilder("{\"items\":[");
        int lines = 1 + random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"menuCode\":\"").append(MENU.get(random.nextInt(MENU.size())))
                    .append("\",\"quantity\":").append(1 + random.nextInt(3)).append('}');
        }
        return body.append("]}").toString();
    }

    private static List<String> tokens(String file) {
        if (file.isBlank()) {
            return List.of();
        }
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
