package dev.brew.defaults.problem;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal that carries its own RFC 7807 answer (HTTP status, problem code, the field the caller got wrong, extra
 * properties, {@code Retry-After}): by the domain's rules, or a service's own (an unknown id, a limit reached). The
 * shared servlet advice ({@code ProblemDetailsAdvice}) answers every one of them, so a service needs no exception
 * handler of its own. Plain Java on purpose: domain packages may not depend on Spring Web, so they cannot extend
 * Spring's {@code ErrorResponseException} ({@code ProblemException} is that, for the web layers' own failures).
 */
public abstract class Refusal extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Duration retryAfter;

    protected Refusal(int status, String code, String message) {
        this(status, code, null, message);
    }

    /** @param field the request field the refusal is about (the problem's {@code field}), or null */
    protected Refusal(int status, String code, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    /** Adds a property to the problem body. */
    protected final void property(String name, Object value) {
        properties.put(name, value);
    }

    /** Adds {@code Retry-After} to the answer. */
    protected final void retryAfter(Duration delay) {
        this.retryAfter = delay;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
