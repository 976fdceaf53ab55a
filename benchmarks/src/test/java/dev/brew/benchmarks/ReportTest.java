package dev.brew.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static LoadLadder.Step step(int rate, long failed, long p99) {
        return new LoadLadder.Step(rate, 60, 2L * rate * 60, failed, 5, 20, p99, 200, 2.0 * rate, 1.0, 2.0,
                Map.of("gateway", 200L), "report", 0, Map.of("api-gateway", 3.0), "");
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
                Map.of(), "report", 0, Map.of(), "");
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
    void theStepsTableCarriesTheCpuOfEveryProcessAndWhyAStepFailed() {
        LoadLadder.Step failed = new LoadLadder.Step(50, 60, 6000, 18, 5, 20, 30, 200, 100, 1.0, 2.0, Map.of(),
                "report", 0, Map.of("api-gateway", 9.9), "18 failed: found 503");
        StringBuilder md = new StringBuilder();
        Report.cpu(md, List.of(step(25, 0, 10), failed));

        assertThat(md.toString()).contains("| orders/s | api-gateway | all |").contains("| 25 | 3.0 | 3.0 |")
                .contains("| 50 | 9.9 | 9.9 |");
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
        assertThat(new Settings(List.of(1), 1, 1, 1, 1, 1, 1, Set.of("replay"), "").runs("replay")).isFalse();
    }
}
