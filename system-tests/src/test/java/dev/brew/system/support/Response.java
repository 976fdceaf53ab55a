package dev.brew.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpHeaders;
import java.time.Duration;

/**
 * One answer through the gateway, or the lack of one: {@code status} is {@link #NO_ANSWER} when the request failed
 * (connection refused, reset, or no answer within the client timeout), with the reason in {@code error}.
 */
public record Response(int status, HttpHeaders headers, String body, Duration took, String error) {

    public static final int NO_ANSWER = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("Not JSON (" + status + "): " + body, e);
        }
    }

    public String contentType() {
        return headers == null ? "" : headers.firstValue("Content-Type").orElse("");
    }

    public boolean answered() {
        return status != NO_ANSWER;
    }

    public long millis() {
        return took.toMillis();
    }

    @Override
    public String toString() {
        String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
        return status + " in " + took.toMillis() + " ms " + (error != null ? "(" + error + ") " : "") + shown;
    }
}
