package dev.brew.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client over plain HTTP: records every event and comment it receives. */
public final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;
    private volatile int status;
    private volatile boolean ended;
    private volatile long endedAt;

    /** One received event; {@code receivedAt} is {@link System#nanoTime()} on arrival. */
    public record Event(String id, String name, String data, long receivedAt) {

        public JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private SseClient(int port, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/orders/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            status = r.statusCode();
            lines = r.body();
            read(r.body());
        });
    }

    public static SseClient connect(int port, String token) {
        return new SseClient(port, token, null);
    }

    public static SseClient resume(int port, String token, String lastEventId) {
        return new SseClient(port, token, lastEventId);
    }

    private void read(Stream<String> body) {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) body::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(id, name, data.toString(), System.nanoTime()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (RuntimeException e) {
            // The stream was closed.
        }
        endedAt = System.nanoTime();
        ended = true;
    }

    /** Whether the server ended the stream (or it broke). */
    public boolean ended() {
        return ended;
    }

    /** {@link System#nanoTime()} when the stream ended; valid once {@link #ended()}. */
    public long endedAt() {
        return endedAt;
    }

    public int status() {
        return status;
    }

    public List<Event> events() {
        return new ArrayList<>(events);
    }

    public List<Event> events(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    /** The {@code order} events about one order. */
    public List<Event> orderEvents(String orderId) {
        return events("order").stream().filter(e -> orderId.equals(e.json().get("orderId").asText())).toList();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    public String lastEventId() {
        List<Event> all = events();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).id() != null) {
                return all.get(i).id();
            }
        }
        return null;
    }

    @Override
    public void close() {
        Stream<String> body = lines;
        if (body != null) {
            body.close();
        }
        response.cancel(true);
    }
}
