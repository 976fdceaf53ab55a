package dev.brew.benchmarks;

import dev.brew.stack.Machine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderTopics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Replay speed: writes order events straight to the order-events topic in the contract's format (the Kafka
 * extension's own record converter with the services' JSON serializer: key = order id, Axon headers, JSON value),
 * half {@code OrderPlaced} and half {@code OrderCompleted} (1,000 members, the orders spread over the past year);
 * waits for the live view to hold them; then starts a replay through the operator API and times it, while a
 * barista's queue query runs every 50 ms.
 */
final class ReplayBenchmark {

    record Result(long generated, double produceSeconds, double liveSeconds, long replayed, double replaySeconds,
                  String state, long queries, long queryFailures, Histogram queryLatency, double loadBefore,
                  double loadAfter, Map<String, Double> idleCores, double idleLoad) {

        double replayRate() {
            return replayed / Math.max(replaySeconds, 0.001);
        }
    }

    /** After the replay: time for the retired view's drop, then how busy each process is with nothing to do. */
    private static final int IDLE_SETTLE_SECONDS = 15;
    private static final int IDLE_SECONDS = 60;
    /** How far back the generated orders reach. */
    private static final Duration HISTORY = Duration.ofDays(365);

    private final BrewApi api;
    private final Supplier<Map<String, Long>> pids;
    private final String bootstrapServers;
    private final String baristaToken;
    private final String operatorToken;

    ReplayBenchmark(BrewApi api, Supplier<Map<String, Long>> pids, String bootstrapServers, String baristaToken,
                    String operatorToken) {
        this.api = api;
        this.pids = pids;
        this.bootstrapServers = bootstrapServers;
        this.baristaToken = baristaToken;
        this.operatorToken = operatorToken;
    }

    Result run(long events) throws Exception {
        double loadBefore = Machine.loadAverage();
        long start = System.nanoTime();
        Map<Integer, String> lastOrderOfPartition = produce(events / 2);
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[benchmark] %d events written to the topic in %.1f s; waiting for the live view%n",
                events, produceSeconds);
        for (String orderId : lastOrderOfPartition.values()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
            while (!"PICKED_UP".equals(status(orderId))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the live view did not catch up with " + orderId);
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        double liveSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[benchmark] live view caught up after %.1f s; starting the replay%n", liveSeconds);

        Histogram queries = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        AtomicLong queryFailures = new AtomicLong();
        AtomicBoolean replaying = new AtomicBoolean(true);
        Thread queryProbe = new Thread(() -> {
            while (replaying.get()) {
                long begin = System.nanoTime();
                BrewApi.Answer answer = api.get("/api/orders?status=ORDERED&page=0&size=20", baristaToken);
                if (answer.status() == 200) {
                    queries.recordValue((System.nanoTime() - begin) / 1000);
                } else {
                    queryFailures.incrementAndGet();
                }
                sleep(50);
            }
        }, "replay-query-probe");
        double replayLoad = Machine.loadAverage();
        long replayStart = System.nanoTime();
        BrewApi.Answer started = api.post("/api/admin/replays", operatorToken, "");
        if (started.status() != 202) {
            throw new IllegalStateException("replay not started: " + started);
        }
        queryProbe.start();
        String id = started.json().path("id").asText();
        AtomicReference<JsonNode> last = new AtomicReference<>(started.json());
        long lastPrint = 0;
        while (true) {
            BrewApi.Answer progress = api.get("/api/admin/replays/" + id, operatorToken);
            if (progress.status() == 200) {
                last.set(progress.json());
                String state = last.get().path("state").asText();
                if (!state.equals("RUNNING")) {
                    break;
                }
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(15)) {
                    lastPrint = System.nanoTime();
                    System.out.printf("[benchmark] replay %s: %d of %d%n", state,
                            last.get().path("processed").asLong(), last.get().path("total").asLong());
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        replaying.set(false);
        queryProbe.join();
        double loadAfter = Machine.loadAverage();
        System.out.printf("[benchmark] replay done; measuring the idle stack for %d s%n", IDLE_SETTLE_SECONDS
                + IDLE_SECONDS);
        TimeUnit.SECONDS.sleep(IDLE_SETTLE_SECONDS);
        Map<String, Long> processes = pids.get();
        Map<String, Long> before = new LinkedHashMap<>();
        processes.forEach((part, pid) -> before.put(part, Machine.cpuMillis(pid)));
        long idleStart = System.nanoTime();
        TimeUnit.SECONDS.sleep(IDLE_SECONDS);
        double idleMillis = (System.nanoTime() - idleStart) / 1e6;
        Map<String, Double> idle = new LinkedHashMap<>();
        processes.forEach((part, pid) -> idle.put(part, (Machine.cpuMillis(pid) - before.get(part)) / idleMillis));
        return new Result(events, produceSeconds, liveSeconds, last.get().path("total").asLong(), replaySeconds,
                last.get().path("state").asText(), queries.getTotalCount(), queryFailures.get(), queries,
                Math.max(loadBefore, replayLoad), loadAfter, idle, Machine.loadAverage());
    }

    private String status(String orderId) {
        BrewApi.Answer answer = api.get("/api/orders/" + orderId, baristaToken);
        return answer.status() == 200 ? answer.json().path("status").asText() : "";
    }

    /** Writes {@code orders} orders (placed, then completed); returns the last order sent to each partition. */
    private Map<Integer, String> produce(long orders) throws Exception {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder()
                .addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build())
                .build();
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder().serializer(serializer).build();
        Map<Integer, String> last = new ConcurrentHashMap<>();
        Map<Integer, Long> lastOffset = new ConcurrentHashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<OrderItem> items = List.of(new OrderItem("AMERICANO", "Americano", 1, 4500),
                new OrderItem("CAFE_LATTE", "Caffè Latte", 2, 5000));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            // A café's history: the orders placed evenly over the past year, so that a member's month of orders
            // (ADR 0110) holds what a regular orders in a month, not a thousandth of the whole run.
            Instant first = Instant.now().minus(HISTORY);
            long spacing = Math.max(1, HISTORY.toMillis() / Math.max(orders, 1));
            for (long i = 0; i < orders; i++) {
                String orderId = UUID.randomUUID().toString();
                Instant at = first.plusMillis(i * spacing);
                OrderPlaced placed = new OrderPlaced(orderId, (int) (i % 9999) + 1, "bench-member-" + (i % 1000),
                        "bench member " + (i % 1000), items, 14500, at);
                OrderCompleted completed = new OrderCompleted(orderId, "barista", at.plusSeconds(60));
                send(producer, converter, new GenericDomainEventMessage<>("Order", orderId, 0, placed), null,
                        null, null, failure);
                send(producer, converter, new GenericDomainEventMessage<>("Order", orderId, 1, completed),
                        orderId, last, lastOffset, failure);
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return last;
    }

    private static void send(KafkaProducer<String, byte[]> producer, DefaultKafkaMessageConverter converter,
                             GenericDomainEventMessage<?> event, String orderId, Map<Integer, String> last,
                             Map<Integer, Long> lastOffset, AtomicReference<Exception> failure) {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(event, OrderTopics.ORDER_EVENTS);
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            } else if (orderId != null) {
                synchronized (lastOffset) {
                    if (metadata.offset() >= lastOffset.getOrDefault(metadata.partition(), -1L)) {
                        lastOffset.put(metadata.partition(), metadata.offset());
                        last.put(metadata.partition(), orderId);
                    }
                }
            }
        });
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
