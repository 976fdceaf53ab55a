package dev.brew.benchmarks;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadLadderTest {

    @Test
    void readsTheGlobalFiguresGatlingPrints() throws Exception {
        Map<String, double[]> stats = LoadLadder.globalStats(resource("gatling-console.txt"));

        assertThat(stats.get("request count")).containsExactly(503, 4, 499);
        assertThat(stats.get("response time 99th percentile (ms)")[0]).isEqualTo(21_538);
        assertThat(stats.get("max response time (ms)")[0]).isEqualTo(24_749);
        assertThat(stats.get("mean throughput (rps)")[0]).isEqualTo(16.23);
    }

    @Test
    void readsTheErrorsGatlingCounted() throws Exception {
        assertThat(LoadLadder.errors(resource("gatling-console.txt"))).containsExactly(
                "status.find.is(202), but actually found 503 499 (50.1%)",
                "complete order: No attribute named 'orderId' is defined 497 (49.9%)");
    }

    @Test
    void aStepNotHeldSaysWhichStatusCodesAndWhichProcessWasBusiest() {
        LoadLadder.Step step = new LoadLadder.Step(10, 60, 1200, 18, 5, 20, 30, 200, 20, 1.0, 2.0, Map.of(),
                "report", 0, Map.of(), "", Map.of(), 0);
        String why = LoadLadder.why(step, java.util.List.of("found 503 18 (100%)"),
                new java.util.LinkedHashMap<>(Map.of("command-service", 60_000L, "api-gateway", 30_000L)), 114_000, 60);

        assertThat(why).startsWith("18 failed: found 503 18 (100%)").contains("command-service 1.00 cores")
                .contains("api-gateway 0.50 cores").contains("machine saturated: 1.90 of");
    }

    @Test
    void aWarmUpRoundReadsTheCoresItsCompilersUsedFromItsStep() {
        LoadLadder.Step round = new LoadLadder.Step(20, 60, 2400, 0, 5, 20, 30, 200, 40, 1.0, 2.0, Map.of(),
                "report", 0, Map.of("command-service", 12.0), "", Map.of(), 5.0);

        assertThat(round.jitCores()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(round.withWhy("p99 too high")).isEqualTo(new LoadLadder.Step(20, 60, 2400, 0, 5, 20, 30, 200, 40,
                1.0, 2.0, Map.of(), "report", 0, Map.of("command-service", 12.0), "p99 too high", Map.of(), 5.0));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(LoadLadderTest.class.getResource("/" + name).toURI());
    }
}
