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

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(LoadLadderTest.class.getResource("/" + name).toURI());
    }
}
