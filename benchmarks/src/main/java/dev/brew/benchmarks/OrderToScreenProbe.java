package dev.brew.benchmarks;

import dev.brew.stack.Machine;
import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order placed → on the barista's screen: holds a barista's SSE stream open through the gateway, places orders at a
 * fixed rate as members, and for each order takes the time from just before its POST is sent to the moment its
 * {@code order} event arrives on the stream.
 */
final class OrderToScreenProbe {

    record Result(int rate, int seconds, long placed, long seen, long failed, Histogram screen, Histogram post,
                  double loadBefore, double loadAfter) {
    }

    private final BrewApi api;
    private final String baristaToken;
    private final List<String> memberTokens;

    OrderToScreenProbe(BrewApi api, String baristaToken, List<String> memberTokens) {
        this.api = api;
        this.baristaToken = baristaToken;
        this.memberTokens = memberTokens;
    }

    Result run(int rate, int seconds) throws Exception {
        double loadBefore = Machine.loadAverage();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Histogram post = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        AtomicLong failed = new AtomicLong();
        AtomicLong placed = new AtomicLong();

        HttpRequest streamRequest = api.request("/api/orders/stream", baristaToken)
                .header("Accept", "text/event-stream").timeout(Duration.ofHours(1)).GET().build();
        HttpResponse<InputStream> stream = api.http().send(streamRequest, HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("barista stream: " + stream.statusCode());
        }
        Thread reader = new Thread(() -> read(stream.body(), seenAt), "screen-probe-stream");
        reader.setDaemon(true);
        reader.start();
        TimeUnit.SECONDS.sleep(1); // the snapshot first

        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long total = (long) rate * seconds;
        AtomicLong issued = new AtomicLong();
        pacer.scheduleAtFixedRate(() -> {
            if (issued.incrementAndGet() > total) {
                return;
            }
            try {
                place(sentAt, post, failed, placed);
            } catch (RuntimeException e) {
                // a task that throws is never run again: count it and go on
                if (failed.incrementAndGet() <= 3) {
                    System.out.println("[benchmark] probe order not sent: " + e);
                }
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        TimeUnit.SECONDS.sleep(seconds);
        pacer.shutdown();
        return collect(rate, seconds, stream, sentAt, seenAt, post, failed, placed, loadBefore);
    }

    private void place(Map<String, Long> sentAt, Histogram post, AtomicLong failed, AtomicLong placed) {
        String token = memberTokens.get(ThreadLocalRandom.current().nextInt(memberTokens.size()));
        HttpRequest request = api.placeOrder(token, "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}");
        long start = System.nanoTime();
        api.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long end = System.nanoTime();
            if (error != null || response.statusCode() != 202) {
                if (failed.incrementAndGet() <= 3) {
                    System.out.println("[benchmark] probe order failed: " + (error != null ? error
                            : response.statusCode() + " " + response.body()));
                }
                return;
            }
            placed.incrementAndGet();
            synchronized (post) {
                post.recordValue(Math.max(0, (end - start) / 1000));
            }
            try {
                sentAt.put(BrewApi.JSON.readTree(response.body()).path("orderId").asText(), start);
            } catch (IOException e) {
                failed.incrementAndGet();
            }
        });
    }

    private Result collect(int rate, int seconds, HttpResponse<InputStream> stream, Map<String, Long> sentAt,
                           Map<String, Long> seenAt, Histogram post, AtomicLong failed, AtomicLong placed,
                           double loadBefore) throws Exception {
        // Let the last answers and orders arrive (anything later than this counts as not seen).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long total = (long) rate * seconds;
        while (System.nanoTime() < deadline
                && (placed.get() + failed.get() < total || !seenAt.keySet().containsAll(sentAt.keySet()))) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        stream.body().close();
        Histogram screen = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long seen = 0;
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            Long arrived = seenAt.get(sent.getKey());
            if (arrived != null) {
                seen++;
                screen.recordValue(Math.max(0, (arrived - sent.getValue()) / 1000));
            }
        }
        return new Result(rate, seconds, placed.get(), seen, failed.get(), screen, post, loadBefore,
                Machine.loadAverage());
    }

    /** Notes when each order first shows up in an {@code order} event. */
    private static void read(InputStream body, Map<String, Long> seenAt) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = "";
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && event.equals("order")) {
                    long now = System.nanoTime();
                    JsonNode order = BrewApi.JSON.readTree(line.substring(5));
                    seenAt.putIfAbsent(order.path("orderId").asText(), now);
                } else if (line.isEmpty()) {
                    event = "";
                }
            }
        } catch (IOException e) {
            // closed at the end of the run
        }
    }
}
