package dev.brew.testing;

import java.util.Arrays;

/** Reads values out of a Prometheus text scrape ({@code /actuator/prometheus}) in tests. */
public final class PrometheusScrape {

    private PrometheusScrape() {
    }

    /**
     * The value of the first series named {@code name} whose labels include each {@code label="value"} given, e.g.
     * {@code value(scrape, "brew_order_duration_seconds_count", "outcome=\"completed\"")}; 0 if there is none.
     */
    public static double value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{"))
                    && Arrays.stream(labels).allMatch(line::contains)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
