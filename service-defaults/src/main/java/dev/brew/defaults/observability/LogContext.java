package dev.brew.defaults.observability;

import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts ids into the log MDC for a block and restores what was there before. The keys are the fields of a JSON log
 * line: {@code requestId} (the gateway's {@code X-Request-Id}) and {@code orderId}; {@code traceId} and
 * {@code spanId} are Micrometer Tracing's.
 */
public final class LogContext implements AutoCloseable {

    public static final String REQUEST_ID = "requestId";
    public static final String ORDER_ID = "orderId";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    /** Sets each non-null value of the key/value pairs until {@link #close()}. */
    public static LogContext of(String... keysAndValues) {
        LogContext context = new LogContext();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                context.previous.put(keysAndValues[i], MDC.get(keysAndValues[i]));
                MDC.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return context;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
