package dev.brew.system.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One failure scenario's figures, as a row of the table in docs/reliability.md. */
public record ScenarioReport(String scenario,
                             int sent,
                             int accepted,
                             Map<Integer, Long> placeAnswers,
                             Map<Integer, Long> actionAnswers,
                             Map<Integer, Long> signUpAnswers,
                             int retried,
                             int unacknowledgedButStored,
                             int lost,
                             int doubled,
                             long downMillis,
                             long restartMillis,
                             long settleMillis,
                             long slowestMillis,
                             long noAnswer,
                             String promises,
                             List<String> breaches,
                             String note) {

    public static String header() {
        return "| scenario | orders sent | accepted (202) | place answers | complete/cancel answers | sign-ups | "
                + "retried after settle (5xx/no answer) | of those stored anyway | lost | doubled | down | restart | "
                + "settle | slowest call | no answer in 6 s | promised calls while down |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    public String row() {
        return "| " + scenario + " | " + sent + " | " + accepted + " | " + statuses(placeAnswers) + " | "
                + statuses(actionAnswers) + " | " + statuses(signUpAnswers) + " | " + retried + " | "
                + unacknowledgedButStored + " | " + lost + " | " + doubled + " | " + seconds(downMillis) + " | "
                + seconds(restartMillis) + " | " + seconds(settleMillis) + " | " + slowestMillis + " ms | " + noAnswer
                + " | " + promises.replace("|", "/") + (note.isEmpty() ? "" : " " + note) + " |";
    }

    private static String statuses(Map<Integer, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> (e.getKey() == Response.NO_ANSWER ? "none" : e.getKey().toString()) + "×" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** Appends the row to target/reliability-table.md (the figures quoted in docs/reliability.md). */
    public void append() {
        try {
            Path table = Path.of("target", "reliability-table.md");
            if (!Files.exists(table)) {
                Files.writeString(table, header() + "\n");
            }
            Files.writeString(table, row() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
