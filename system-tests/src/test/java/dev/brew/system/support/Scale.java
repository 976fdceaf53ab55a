package dev.brew.system.support;

import java.time.Duration;

/**
 * How big the runs are. The defaults are CI scale (a few orders per second, short outages); the {@code chaos}
 * Maven profile sets the same system properties to the full scale (10,000 orders per failure scenario).
 */
public final class Scale {

    private Scale() {
    }

    /** Orders per failure scenario; 0 means "as many as the rate gives in the run's time" (CI). */
    public static int ordersPerScenario() {
        return Integer.getInteger("brew.system.orders-per-scenario", 0);
    }

    public static double ordersPerSecond() {
        return Double.parseDouble(System.getProperty("brew.system.orders-per-second", "4"));
    }

    /**
     * The rolling redeploy's steady rate: what the machine holds with headroom while one instance is restarting (a
     * JVM start takes about a core for 15–40 s on two cores, where the warm stack saturates at ~45 orders/s).
     */
    public static double redeployOrdersPerSecond() {
        return Double.parseDouble(System.getProperty("brew.system.redeploy-orders-per-second", "4"));
    }

    /** How long a part stays down in a failure scenario. */
    public static Duration outage() {
        return Duration.ofSeconds(Integer.getInteger("brew.system.outage-seconds", 6));
    }

    public static boolean isChaos() {
        return ordersPerScenario() > 0;
    }
}
