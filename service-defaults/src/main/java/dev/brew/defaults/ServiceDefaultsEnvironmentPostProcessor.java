package dev.brew.defaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Adds {@code brew-service-defaults.properties} as the lowest-precedence property source: every service gets the
 * same actuator, probe, JSON and error settings, and any of them can still be overridden in its own configuration.
 *
 * <p>Two switches, each one environment variable, are turned into Spring Boot's settings here:
 * <ul>
 *   <li>{@code BREW_LOG_FORMAT=json} ({@code brew.log.format}): console logs as JSON lines (Spring Boot's structured
 *   logging, Logstash layout) with the MDC's {@code traceId}, {@code spanId}, {@code requestId}, {@code orderId};
 *   anything else, or unset, keeps the human-readable pattern.</li>
 *   <li>{@code BREW_OTLP_ENDPOINT=http://collector:4318/v1/traces} ({@code brew.otlp.endpoint}): exports spans over
 *   OTLP/HTTP to that collector; unset, nothing is exported (spans still carry ids into logs and messages).</li>
 * </ul>
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String NAME = "brew-service-defaults";

    /** Axon's update checker would call its vendor's servers from every service; Brew never phones home. */
    static final String AXON_UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    static final String LOG_FORMAT = "brew.log.format";
    static final String OTLP_ENDPOINT = "brew.otlp.endpoint";
    static final String SWITCHES = "brew-observability-switches";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(AXON_UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(AXON_UPDATE_CHECKER_DISABLED, "true");
        }
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SWITCHES, switches(environment)));
        try {
            for (PropertySource<?> source : new PropertiesPropertySourceLoader()
                    .load(NAME, new ClassPathResource(NAME + ".properties"))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> switches(ConfigurableEnvironment environment) {
        Map<String, Object> settings = new HashMap<>();
        String format = environment.getProperty(LOG_FORMAT, "");
        if ("json".equals(format.trim().toLowerCase(Locale.ROOT))) {
            settings.put("logging.structured.format.console", "logstash");
        }
        String endpoint = environment.getProperty(OTLP_ENDPOINT, "").trim();
        if (endpoint.isEmpty()) {
            settings.put("management.otlp.tracing.export.enabled", "false");
        } else {
            settings.put("management.otlp.tracing.export.enabled", "true");
            settings.put("management.otlp.tracing.endpoint", endpoint);
        }
        return settings;
    }
}
