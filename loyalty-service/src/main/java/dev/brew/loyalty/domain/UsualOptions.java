package dev.brew.loyalty.domain;

import dev.brew.contracts.order.LineOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How "your usual" tells drinks apart by their options (ADR 0904): by the options that differ from the café's
 * defaults (the first size, milk and syrup on the menu, hot, no extra shot). A line without options (placed before
 * options existed) is the drink made the default way, and so is one whose options are all the defaults.
 */
@ConfigurationProperties("brew.loyalty.default-options")
public record UsualOptions(@DefaultValue("TALL") String size,
                           @DefaultValue("HOT") String temperature,
                           @DefaultValue("0") int extraShots,
                           @DefaultValue("REGULAR") String milk,
                           @DefaultValue("NONE") String syrup) {

    /** The options that differ from the defaults, as a stable key: "" for the drink made the default way. */
    public String key(LineOptions options) {
        if (options == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        differs(parts, "size", options.size(), size);
        differs(parts, "temperature", options.temperature(), temperature);
        differs(parts, "extraShots", options.extraShots() == null || options.extraShots() == 0 ? null
                : options.extraShots().toString(), extraShots == 0 ? null : Integer.toString(extraShots));
        differs(parts, "milk", options.milk(), milk);
        differs(parts, "syrup", options.syrup(), syrup);
        return String.join(";", parts);
    }

    private static void differs(List<String> parts, String field, String value, String fallback) {
        if (value != null && !Objects.equals(value, fallback)) {
            parts.add(field + "=" + value);
        }
    }
}
