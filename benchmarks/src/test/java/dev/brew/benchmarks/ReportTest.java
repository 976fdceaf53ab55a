package dev.brew.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static LoadLadder.Step step(int rate, long failed, long p99) {
        return new LoadLadder.Step(rate, 60, 2L * rate * 60, failed, 5, 20, p99, 200, 2.0 * rate, 1.0, 2.0,
                Map.of("gateway", 200L), "report", 0, Map.of("api-gateway", 3.0), "", Map.of(), 0.5);
    }

    @Test
    void aRateIsSustainedOnlyWithoutErrorsAndWithinTheP99Limit() {
        assertThat(step(100, 0, 50).sustained()).isTrue();
        assertThat(step(100, 0, 51).sustained()).isFalse();
        assertThat(step(100, 1, 10).sustained()).isFalse();
    }

    @Test
    void aRateIsHeldWithoutErrorsWithTheRateKeptAndNoQueueGrowing() {
        assertThat(step(100, 0, 51).held()).isTrue();
        assertThat(step(100, 0, 1000).held()).isTrue();
        assertThat(step(100, 0, 1001).held()).isFalse();
        assertThat(step(100, 1, 10).held()).isFalse();
        LoadLadder.Step short_ = new LoadLadder.Step(100, 60, 100L * 60, 0, 5, 20, 30, 200, 100, 1.0, 2.0,
                Map.of(), "report", 0, Map.of(), "", Map.of(), 0);
        assertThat(short_.held()).as("half the requests the rate asks for").isFalse();
    }

    @Test
    void theRatioComparesTheHighestHeldRatesOfOneRun() {
        BenchmarkRun.Figures figures = new BenchmarkRun.Figures(java.time.Instant.now(), null, 1.0, null, null,
                Map.of(), null, null, List.of(step(25, 0, 80), step(50, 0, 400), step(100, 0, 2000)), null,
                List.of(step(50, 0, 10), step(100, 0, 30), step(200, 0, 900), step(300, 2, 20)), "./benchmark");

        assertThat(Report.ratio(figures)).isEqualTo("50 / 200 orders/s = 25%");
    }

    @Test
    void theRatioIsGivenEvenWhenBrewHeldNoRate() {
        BenchmarkRun.Figures figures = new BenchmarkRun.Figures(java.time.Instant.now(), null, 1.0, null, null,
                Map.of(), null, null, List.of(step(10, 18, 80)), null,
                List.of(step(10, 0, 10), step(400, 0, 30), step(600, 2, 20)), "./benchmark");

        assertThat(Report.ratio(figures)).isEqualTo("< 10 / 400 orders/s = < 3%");
    }

    @Test
    void theStepsTableCarriesTheCpuOfEveryProcessBrewsOwnAndWhyAStepFailed() {
        LoadLadder.Step failed = new LoadLadder.Step(50, 60, 6000, 18, 5, 20, 30, 200, 100, 1.0, 2.0, Map.of(),
                "report", 0, Map.of("api-gateway", 9.9, LoadLadder.GENERATOR, 4.0), "18 failed: found 503",
                Map.of(), 2.5);
        StringBuilder md = new StringBuilder();
        Report.cpu(md, List.of(step(25, 0, 10), failed));

        // Brew's own figure (for the bare pipeline, the pipeline's) leaves the load generator out; "all" counts it.
        assertThat(md.toString())
                .contains("| orders/s | api-gateway | load generator | all but the generator | all |"
                        + " of it, JIT compilers |")
                .contains("| 25 | 3.0 | 0.0 | 3.0 | 3.0 | 0.5 |").contains("| 50 | 9.9 | 4.0 | 9.9 | 13.9 | 2.5 |");
    }

    @Test
    void theSignalsTableShowsEachServicesCoresTheP99AndEachConsumersPeakLag() {
        LoadLadder.Step low = new LoadLadder.Step(25, 60, 3000, 0, 5, 20, 40, 200, 50, 1.0, 2.0, Map.of(), "report",
                0, Map.of("command-service", 16.0, "query-service", 8.0), "", Map.of("query-service", 12L), 0);
        LoadLadder.Step high = new LoadLadder.Step(50, 60, 6000, 0, 5, 20, 900, 2000, 100, 1.0, 2.0, Map.of(),
                "report", 0, Map.of("command-service", 20.0, "query-service", 9.0), "",
                Map.of("query-service", 4_000L), 0);
        StringBuilder md = new StringBuilder();
        Report.signals(md, List.of(low, high));

        // 25 orders/s x 16 ms = 0.40 cores; 50 orders/s x 20 ms = 1.00.
        assertThat(md.toString()).contains("| orders/s | p99 | command-service cores | query-service cores |")
                .contains("| 25 | 40 ms | 0.40 | 0.20 |").contains("| 50 | 900 ms | 1.00 | 0.45 |")
                .contains(" 12 |").contains(" 4,000 |");
    }

    @Test
    void theHighestConsumerLagIsReadFromThePrometheusPage() {
        String page = """
                # TYPE brew_kafka_consumer_lag_records gauge
                brew_kafka_consumer_lag_records{application="query-service",processor="order-status",topic="t"} 17.0
                brew_kafka_consumer_lag_records{application="query-service",processor="replay",topic="t"} 250.0
                brew_kafka_consumer_lag_records_other 900.0
                """;
        assertThat(BenchmarkRun.highestLag(page)).hasValue(250);
        assertThat(BenchmarkRun.highestLag("# nothing\n")).isEmpty();
    }

    @Test
    void theBestRateIsTheHighestSustainedOne() {
        assertThat(Report.best(List.of(step(100, 0, 10), step(200, 0, 30), step(300, 0, 80))))
                .map(LoadLadder.Step::rate).contains(200);
        assertThat(Report.best(List.of(step(100, 3, 10)))).isEmpty();
    }

    @Test
    void aNewRunReplacesTheLatestSectionAndAddsARowKeepingTheRest() {
        String text = Report.template() + "\n## Tuning\n\nhand-written notes\n";
        String once = Report.addRun(Report.replaceLatest(text, "first\n"), "| row 1 |");
        String twice = Report.addRun(Report.replaceLatest(once, "second\n"), "| row 2 |");

        assertThat(twice).contains("second").doesNotContain("first").contains("hand-written notes");
        assertThat(twice.indexOf("| row 1 |")).isLessThan(twice.indexOf("| row 2 |"));
        assertThat(twice.indexOf("| row 2 |")).isLessThan(twice.indexOf(Report.RUNS_END));
    }

    @Test
    void settingsComeFromSystemPropertiesWithTheTargetsDefaults() {
        Settings settings = Settings.fromSystemProperties();
        assertThat(settings.stepSeconds()).isEqualTo(60);
        assertThat(settings.probeRate()).isEqualTo(200);
        assertThat(settings.rates()).isNotEmpty();
        assertThat(settings.warmupRate()).isEqualTo(20);
        assertThat(settings.warmupMaxSeconds()).isEqualTo(600);
        assertThat(new Settings(List.of(1), 1, 1, 1, 1, 1, 1, 1, 1, 1, Set.of("replay"), "").runs("replay"))
                .isFalse();
    }
}
