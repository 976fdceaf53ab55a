package dev.brew.command.domain;

import dev.brew.contracts.order.LineOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every drink is made with, and what each adds to a Tall's price: sizes (Tall, Grande, Venti), extra
 * espresso shots (0 to {@code maxExtraShots}, each {@code extraShot}), milks and syrups. Which of them a drink takes
 * is the drink's ({@link MenuItem}).
 */
public record DrinkOptions(Map<String, Long> sizes, long extraShot, int maxExtraShots, Map<String, Long> milks,
                           Map<String, Long> syrups) {

    public static final String HOT = "HOT";
    public static final String ICED = "ICED";

    /** The café's price list when configuration does not give one. */
    public static final DrinkOptions DEFAULT = new DrinkOptions(
            ordered("TALL", 0L, "GRANDE", 500L, "VENTI", 1000L), 500, 4,
            ordered("REGULAR", 0L, "OAT", 600L, "SOY", 600L, "LACTOSE_FREE", 300L),
            ordered("NONE", 0L, "VANILLA", 300L, "CARAMEL", 300L, "HAZELNUT", 300L));

    public DrinkOptions {
        sizes = new LinkedHashMap<>(sizes);
        milks = new LinkedHashMap<>(milks);
        syrups = new LinkedHashMap<>(syrups);
        if (sizes.isEmpty() || milks.isEmpty() || syrups.isEmpty() || maxExtraShots < 0) {
            throw new IllegalArgumentException("Drink options need sizes, milks and syrups");
        }
    }

    /** The first size, milk and syrup listed are the defaults. */
    public String defaultSize() {
        return sizes.keySet().iterator().next();
    }

    public String defaultMilk() {
        return milks.keySet().iterator().next();
    }

    public String defaultSyrup() {
        return syrups.keySet().iterator().next();
    }

    /** What a drink made so adds to its menu price. */
    public long surcharge(LineOptions options) {
        long extra = sizes.getOrDefault(options.size(), 0L);
        extra += extraShot * (options.extraShots() == null ? 0 : options.extraShots());
        extra += options.milk() == null ? 0 : milks.getOrDefault(options.milk(), 0L);
        extra += options.syrup() == null ? 0 : syrups.getOrDefault(options.syrup(), 0L);
        return extra;
    }

    private static Map<String, Long> ordered(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Long) pairs[i + 1]);
        }
        return map;
    }
}
