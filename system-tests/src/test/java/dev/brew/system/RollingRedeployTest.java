package dev.brew.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.stack.LocalStack;
import dev.brew.stack.Part;
import dev.brew.system.support.Brew;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.MachineSnapshot;
import dev.brew.system.support.Response;
import dev.brew.system.support.Scale;
import dev.brew.system.support.Session;
import dev.brew.system.support.SystemTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 20 (and issue 16's "redeployed alone"): command-, member- and query-service each run as two instances behind
 * the gateway; under a steady load (members ordering, a barista completing each order, sign-ups, members reading
 * their orders, a barista's live stream open throughout) instances are restarted one at a time, as a rolling update
 * does. Nothing the users did may fail: no 5xx, no call without an answer; every acknowledged order is in the event
 * store exactly once and shown completed by the view; the publisher's backlog drains to 0; every sign-up reaches
 * the member topic once and command-service's member directory; the live stream, resumed with {@code Last-Event-ID}
 * whenever its instance went away, missed no completion. The figures go to the console and docs/reliability.md.
 *
 * <p>CI scale (the default build): one restart per service — the first instance of command- and member-service (the
 * one that held their processors' segments and the relay's lease since the stack started) and the query-service
 * instance that holds the barista's stream. Full scale ({@code -Pchaos}): every instance of each service in turn.
 */
@SystemTest
@Order(60)
class RollingRedeployTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Part> ROLLED = List.of(Part.COMMAND_SERVICE, Part.MEMBER_SERVICE, Part.QUERY_SERVICE);
    /** The gateway's {@code brew.balancing.slow-start} (its application.yml; the stack sets no other). */
    private static final Duration SLOW_START = Duration.ofSeconds(60);

    @Test
    // CI scale takes some 5 minutes on two quiet cores; full scale, or a loaded machine, longer than the module's
    // 15-minute default (junit-platform.properties).
    @Timeout(value = 45, unit = TimeUnit.MINUTES)
    void everyInstanceRestartedInTurnUnderLoadWithoutAFailedCall(Brew brew) throws Exception {
        LocalStack stack = brew.stack();
        Gateway gateway = brew.gateway();
        try {
            startSecondInstances(stack);
            brew.awaitSettled(Duration.ofMinutes(3));
            // The setup is not what is measured: on two cores next to three JVMs just started, a sign-in's password
            // check can outlast the gateway's 5 s, so each setup step is tried until it is answered.
            Session barista = setUp("the barista's sign-in", brew::barista);
            List<Session> members = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                members.add(setUp("a member's sign-up", () -> gateway.newMember("roll")));
            }
            List<String> menu = gateway.menuCodes();

            Load load = new Load(gateway, barista, members, menu);
            LiveStream stream = new LiveStream(gateway, barista);
            stream.open();
            // The load starts once the stream has answered with its first snapshot: an order placed and completed
            // before the stream's start position is not in the snapshot (no longer open) nor after it, so it can
            // never be on that stream (found by the CI runs of 2026-12-06: each missed completion was announced
            // within a second of the stream's request, before the stream began).
            await("the barista's stream answered its first snapshot").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> stream.snapshots.get() > 0);
            double rate = Scale.redeployOrdersPerSecond();
            load.start(rate);
            // A rolling update replaces instances that have long been serving: the second instances, just started,
            // first get their full share through the gateway's slow start (ADR 0315) under the load, for as many
            // orders as the slow start lasts, before the first instance of anything goes away.
            long warmedAfter = Math.round(rate * SLOW_START.toSeconds());
            await("the second instances warmed by the load").atMost(SLOW_START.multipliedBy(3))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> load.acknowledged.size() >= warmedAfter);
            load.measure();
            MachineSnapshot measured = MachineSnapshot.of(stack);

            Map<String, List<Duration>> restarts = new LinkedHashMap<>();
            for (Part part : ROLLED) {
                restarts.put(part.module(), Scale.isChaos() ? stack.rollingRestart(part)
                        : List.of(stack.restart(part, ciRestarted(stack, part))));
                // The next service only once the load has gone on through the gateway's new picture of this one.
                int seen = load.acknowledged.size();
                await("orders acknowledged after the restart of " + part.module()).atMost(Duration.ofSeconds(60))
                        .until(() -> load.acknowledged.size() >= seen + 3);
            }
            load.stop();
            System.out.println("[system-tests] MACHINE rolling redeploy, while measured: "
                    + MachineSnapshot.of(stack).since(measured));
            for (var placement : load.unresolved) {
                Response again = setUp("a warm-up order placed again with its key", () -> {
                    Response answer = placement.get();
                    assertThat(answer.status()).as("%s", answer).isEqualTo(202);
                    return answer;
                });
                load.acknowledged.add(again.json().path("orderId").asText());
            }

            // -- nothing failed ---------------------------------------------------------------------------------
            Map<String, Long> byStatus = load.calls.stream().collect(Collectors.groupingBy(
                    call -> call.label() + " " + call.status(), java.util.TreeMap::new, Collectors.counting()));
            List<Call> failed = load.calls.stream().filter(call -> call.status() >= 500
                    || call.status() == Response.NO_ANSWER).toList();
            List<Call> refused = load.calls.stream().filter(call -> call.status() >= 400 && call.status() < 500)
                    .toList();

            // -- every acknowledged order exactly once, completed, in the store and the view ---------------------
            Set<String> acknowledged = Set.copyOf(load.acknowledged);
            Set<String> completed = Set.copyOf(load.completed);
            Map<String, Map<String, Integer>> events = brew.eventStore().eventsOf(acknowledged);
            List<String> lost = acknowledged.stream().filter(id -> !events.containsKey(id)).toList();
            List<String> doubled = events.entrySet().stream().filter(e -> e.getValue().values().stream()
                    .anyMatch(count -> count != 1)).map(Map.Entry::getKey).toList();
            Map<String, Integer> placedByMembers = brew.eventStore().ordersPlacedBy(
                    members.stream().map(Session::memberId).toList());
            String warmUp = String.format("warm-up calls %d (%s), placements sent again %d", load.warmUpCalls.size(),
                    load.warmUpCalls.stream().collect(Collectors.groupingBy(call -> call.label() + " " + call.status(),
                            java.util.TreeMap::new, Collectors.counting())), load.unresolved.size());
            System.out.printf("[system-tests] rolling redeploy, the load: calls %d (%s), 5xx or unanswered %d, 4xx %d, "
                    + "orders acknowledged %d, completed %d, lost %d, doubled %d, restarts %s; %s%n", load.calls.size(),
                    byStatus, failed.size(), refused.size(), acknowledged.size(), completed.size(), lost.size(),
                    doubled.size(), restarts, warmUp);
            // Each order is asked for until the view shows it completed, then no more: one GET per order per poll
            // over hundreds of orders outlasted the wait on a loaded machine (00:27 run, docs/reliability.md).
            Set<String> notYetShown = ConcurrentHashMap.newKeySet();
            notYetShown.addAll(completed);
            await("every completed order shown completed by the view").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        notYetShown.removeIf(id -> "PICKED_UP".equals(gateway.order(barista, id).json()
                                .path("status").asText()));
                        return notYetShown.isEmpty();
                    });

            // -- every event published, every member event delivered once -----------------------------------------
            await("the publisher's backlog drained").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> publisherLag(stack) == 0);
            Set<String> signedUp = Set.copyOf(load.signedUp);
            await("every sign-up in command-service's member directory").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> brew.eventStore().directory(signedUp).keySet().containsAll(signedUp));
            Map<String, Integer> memberRecords = memberEventRecords(stack, signedUp);

            // -- the live stream saw every completion ----------------------------------------------------------
            // As an order event, or — only where a resume was answered with a snapshot instead of the missed changes
            // (the server's fallback when it cannot replay them) — by that snapshot no longer listing it as open.
            try {
                await("every completion on the barista's live stream").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> stream.missed(load.completedAt).isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("completions the barista's stream never carried: " + stream.missed(
                        load.completedAt) + " (stream: " + stream.describe() + ")", e);
            } finally {
                stream.close();
            }

            String figures = String.format("calls %d (%s), 5xx or unanswered %d, 4xx %d, orders acknowledged %d, "
                            + "completed %d, lost %d, doubled %d, sign-ups %d (member records per sign-up: %s), "
                            + "stream resumed %d times (%d snapshots, %d of them on a resume; %d completions seen as "
                            + "events, %d by a snapshot), restarts %s",
                    load.calls.size(), byStatus, failed.size(), refused.size(), acknowledged.size(),
                    completed.size(), lost.size(), doubled.size(), signedUp.size(),
                    memberRecords.values().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting())),
                    stream.resumes.get(), stream.snapshots.get(), stream.resumeSnapshots.get(),
                    stream.completed.size(), completed.size() - completed.stream().filter(stream.completed::contains)
                            .count(), restarts.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue().stream().map(d -> String.format("%.1f s", d.toMillis() / 1000.0))
                                    .toList()).toList());
            System.out.println("[system-tests] rolling redeploy: " + figures + "; " + warmUp);

            assertThat(failed).as("5xx or unanswered calls during the rolling restarts").isEmpty();
            assertThat(refused).as("4xx calls (none of the load's calls is wrong)").isEmpty();
            assertThat(lost).as("acknowledged orders missing from the event store").isEmpty();
            assertThat(doubled).as("orders with an event stored twice").isEmpty();
            assertThat(placedByMembers.keySet()).as("orders of the load's members: exactly the acknowledged ones")
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(memberRecords).as("member events on the topic per sign-up").hasSize(signedUp.size())
                    .allSatisfy((member, count) -> assertThat(count).as(member).isEqualTo(1));
            assertThat(stream.resumes.get()).as("the stream was resumed on the other instance").isPositive();
        } finally {
            stopSecondInstances(stack);
        }
    }

    /** Runs a setup step until it is answered (its own assertions pass), for up to two minutes. */
    private static <T> T setUp(String step, Callable<T> call) {
        AtomicReference<T> result = new AtomicReference<>();
        await(step).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(AssertionError.class).until(() -> {
                    result.set(call.call());
                    return true;
                });
        return result.get();
    }

    /**
     * The instance a CI-scale run restarts: for query-service the one holding the barista's stream (its
     * {@code brew_sse_connections}), so the resume is exercised; for the others the first, which has held their
     * processors' segments and the member relay's lease since the stack started.
     */
    private static int ciRestarted(LocalStack stack, Part part) {
        if (part != Part.QUERY_SERVICE) {
            return 0;
        }
        int[] holder = {-1};
        await("the query-service instance holding the barista's stream").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    for (int index = 0; index < stack.instances(part); index++) {
                        if (metric(stack, part, index, "brew_sse_connections") > 0) {
                            holder[0] = index;
                            return true;
                        }
                    }
                    return false;
                });
        return holder[0];
    }

    /** One gauge of one instance ({@code /actuator/prometheus}, summed over its tags); 0 if it does not answer. */
    private static double metric(LocalStack stack, Part part, int index, String name) {
        double sum = 0;
        for (String line : get("http://127.0.0.1:" + stack.portOf(part, index) + "/actuator/prometheus")
                .split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static void startSecondInstances(LocalStack stack) {
        ROLLED.parallelStream().forEach(part -> stack.start(part, 1));
    }

    /** The stack as the other tests know it: one instance each (the gateway drops the second as it stops). */
    private static void stopSecondInstances(LocalStack stack) {
        ROLLED.parallelStream().forEach(part -> stack.stop(part, 1));
    }

    /** {@code brew_publisher_lag_events} as the running command-service instances report it (the same table). */
    private static long publisherLag(LocalStack stack) {
        long lag = Long.MAX_VALUE;
        for (int index = 0; index < stack.instances(Part.COMMAND_SERVICE); index++) {
            if (!stack.isRunning(Part.COMMAND_SERVICE, index)) {
                continue;
            }
            String metrics = get("http://127.0.0.1:" + stack.portOf(Part.COMMAND_SERVICE, index)
                    + "/actuator/prometheus");
            for (String line : metrics.split("\n")) {
                if (line.startsWith("brew_publisher_lag_events")) {
                    lag = Math.min(lag, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        }
        return lag;
    }

    /** Records on the member topic per signed-up member (key = member id). */
    private static Map<String, Integer> memberEventRecords(LocalStack stack, Set<String> members) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + stack.ports().kafka()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("brew.member-events").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("the member topic read to its end").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (members.contains(record.key())) {
                        counts.merge(record.key(), 1, Integer::sum);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return counts;
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    record Call(String label, int status, String detail) {
    }

    /**
     * The steady load, paced: each tick a member places an order (with an {@code Idempotency-Key}, as the UI does)
     * and the barista completes it; every tick a member reads their orders; about once a second someone signs up
     * (a sign-up's password hash costs more CPU than an order).
     */
    static final class Load {
        final Gateway gateway;
        final Session barista;
        final List<Session> members;
        final List<String> menu;
        /** The calls sent from the first restart on: none of them may fail. */
        final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        /** The calls sent while the second instances warmed, before any restart (reported, not asserted). */
        final ConcurrentLinkedQueue<Call> warmUpCalls = new ConcurrentLinkedQueue<>();
        private volatile boolean measuring;
        /** Placements that failed in the warm-up: sent again with the same key afterwards, as the app would. */
        final ConcurrentLinkedQueue<java.util.function.Supplier<Response>> unresolved = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> completed = new ConcurrentLinkedQueue<>();
        /** When each completion was acknowledged (202). */
        final Map<String, Instant> completedAt = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> signedUp = new ConcurrentLinkedQueue<>();
        private final AtomicLong ticks = new AtomicLong();
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService workers = Executors.newFixedThreadPool(16);

        Load(Gateway gateway, Session barista, List<Session> members, List<String> menu) {
            this.gateway = gateway;
            this.barista = barista;
            this.members = members;
            this.menu = menu;
        }

        void start(double perSecond) {
            long period = (long) (1_000_000 / perSecond);
            long signUpEvery = Math.max(1, Math.round(perSecond));
            pacer.scheduleAtFixedRate(() -> {
                long tick = ticks.incrementAndGet();
                workers.execute(() -> order(tick));
                workers.execute(() -> record("GET /api/orders/mine",
                        () -> gateway.mine(members.get((int) (tick % members.size())))));
                if (tick % signUpEvery == 0) {
                    workers.execute(this::signUp);
                }
            }, 0, period, TimeUnit.MICROSECONDS);
        }

        void stop() throws InterruptedException {
            pacer.shutdownNow();
            pacer.awaitTermination(10, TimeUnit.SECONDS);
            workers.shutdown();
            assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).as("the load's calls ended").isTrue();
        }

        private void order(long tick) {
            Session member = members.get((int) (tick % members.size()));
            String key = UUID.randomUUID().toString();
            String body = Gateway.orderBody(menu, (int) tick);
            Response placed = record("POST /api/orders", () -> gateway.placeOrder(member, key, body));
            if (placed.status() != 202) {
                if (!measuring) {
                    unresolved.add(() -> gateway.placeOrder(member, key, body));
                }
                return;
            }
            String id = placed.json().path("orderId").asText();
            acknowledged.add(id);
            // The barista completes it (command-service reads the order from its store: no view lag here).
            Response done = record("POST /complete", () -> gateway.complete(barista, id));
            if (done.status() == 202) {
                completedAt.put(id, Instant.now());
                completed.add(id);
            }
        }

        private void signUp() {
            String name = gateway.uniqueName("join");
            Response response = record("POST /api/members", () -> gateway.signUp(name, Gateway.PASSWORD));
            if (response.status() == 201) {
                signedUp.add(response.json().path("id").asText());
            }
        }

        /** A call sent before {@link #measure()} goes to the warm-up's figures, one sent after to the measured ones. */
        private Response record(String label, java.util.function.Supplier<Response> call) {
            boolean measured = measuring;
            Response response = call.get();
            (measured ? calls : warmUpCalls).add(new Call(label, response.status(), response.status() >= 400
                    || !response.answered() ? response.toString() : ""));
            return response;
        }

        /** From now on the calls count: the instances are warm and the first restart is about to begin. */
        void measure() {
            measuring = true;
        }
    }

    /**
     * A barista's live stream, read as a browser's {@code EventSource} reads one (the HTML standard's parsing rules):
     * the {@code id} field sets the last event id, kept across events and connections and sent as
     * {@code Last-Event-ID} on every reconnect; an event is dispatched at its blank line, an event cut off by the
     * connection's end is dropped (it comes again on resume). A stream that ends or breaks (its instance went away)
     * is reconnected at once; a connection refused or answered with anything but a 200 event stream (an instance
     * going away, the per-caller cap while the old stream is not yet released) is tried again after a pause that
     * doubles from 250 ms to 5 s, as a well-behaved client backs off.
     */
    static final class LiveStream {
        final Gateway gateway;
        final Session barista;
        /** Orders the stream carried as {@code PICKED_UP} order events. */
        final Set<String> completed = ConcurrentHashMap.newKeySet();
        /** When the stream first carried each order (an order event or a snapshot listing it). */
        final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
        /** Snapshots that answered a resume (the server could not replay what was missed). */
        final List<Snapshot> resumedWith = new CopyOnWriteArrayList<>();
        /** Connections after the first that were answered with a stream. */
        final AtomicInteger resumes = new AtomicInteger();
        final AtomicInteger snapshots = new AtomicInteger();
        final AtomicInteger resumeSnapshots = new AtomicInteger();
        /** Connection attempts that got no stream, by status (or the exception's class). */
        final Map<String, Integer> refused = new ConcurrentHashMap<>();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private volatile boolean open = true;
        private volatile String lastEventId;
        private volatile InputStream current;
        private final Thread reader = new Thread(this::run, "rolling-redeploy-stream");

        /** A snapshot's open orders, and when its connection was asked for. */
        record Snapshot(Instant asked, Set<String> open) {
        }

        LiveStream(Gateway gateway, Session barista) {
            this.gateway = gateway;
            this.barista = barista;
        }

        void open() {
            reader.setDaemon(true);
            reader.start();
        }

        void close() throws IOException {
            open = false;
            reader.interrupt();
            InputStream stream = current;
            if (stream != null) {
                stream.close();
            }
        }

        /**
         * The completions (acknowledged at the given instants) the stream did not carry: neither as an order event
         * nor by a snapshot that answered a resume asked for after the completion, no longer listing an order the
         * stream had already shown.
         */
        Set<String> missed(Map<String, Instant> completedAt) {
            return completedAt.entrySet().stream()
                    .filter(done -> !completed.contains(done.getKey()))
                    .filter(done -> resumedWith.stream().noneMatch(snapshot -> snapshot.asked().isAfter(done.getValue())
                            && firstSeen.getOrDefault(done.getKey(), Instant.MAX).isBefore(snapshot.asked())
                            && !snapshot.open().contains(done.getKey())))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        String describe() {
            return "resumed " + resumes.get() + " times, " + resumeSnapshots.get() + " resume(s) answered by a "
                    + "snapshot, last event id " + lastEventId + ", attempts without a stream " + refused;
        }

        private void run() {
            boolean first = true;
            long pauseMillis = 0;
            while (open) {
                if (pauseMillis > 0) {
                    // A client's reconnection delay (EventSource has one too), not a wait for a condition.
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(gateway.base().resolve("/api/orders/stream"))
                        .header("Accept", "text/event-stream").header("Authorization", barista.bearer()).GET();
                if (lastEventId != null) {
                    request.header("Last-Event-ID", lastEventId);
                }
                Instant asked = Instant.now();
                try {
                    HttpResponse<InputStream> response = http.send(request.build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    current = response.body();
                    if (response.statusCode() != 200 || !response.headers().firstValue("Content-Type").orElse("")
                            .startsWith("text/event-stream")) {
                        response.body().close();
                        refused.merge(Integer.toString(response.statusCode()), 1, Integer::sum);
                        pauseMillis = Math.min(5_000, Math.max(250, pauseMillis * 2));
                        continue;
                    }
                    boolean resumed = !first;
                    if (resumed) {
                        resumes.incrementAndGet();
                    }
                    first = false;
                    pauseMillis = 0;
                    read(response.body(), resumed ? asked : null);
                } catch (IOException e) {
                    // Refused, or the instance went away mid-stream: resume (at once if a stream was open).
                    refused.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    pauseMillis = current == null ? Math.min(5_000, Math.max(250, pauseMillis * 2)) : 0;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    current = null;
                }
            }
        }

        /** Reads events until the stream ends; {@code resumedAt} is when a resume's connection was asked for. */
        private void read(InputStream body, Instant resumedAt) throws IOException {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = "";
                String idBuffer = lastEventId;
                StringBuilder data = new StringBuilder();
                boolean firstEvent = true;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        // Dispatch: the last event id is the buffer's, even for an event without data.
                        lastEventId = idBuffer;
                        if (!data.isEmpty()) {
                            data.setLength(data.length() - 1);
                            handle(event.isEmpty() ? "message" : event, data.toString(),
                                    firstEvent ? resumedAt : null);
                            firstEvent = false;
                        }
                        event = "";
                        data.setLength(0);
                        continue;
                    }
                    if (line.startsWith(":")) {
                        continue; // a comment: heartbeats and probes
                    }
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "event" -> event = value;
                        case "data" -> data.append(value).append('\n');
                        case "id" -> {
                            if (value.indexOf('\0') < 0) {
                                idBuffer = value;
                            }
                        }
                        default -> {
                            // "retry" (no server here sends it) and unknown fields are ignored
                        }
                    }
                }
            }
        }

        private void handle(String event, String data, Instant resumedAt) throws IOException {
            JsonNode node = JSON.readTree(data);
            Instant now = Instant.now();
            if ("snapshot".equals(event)) {
                snapshots.incrementAndGet();
                Set<String> listed = new java.util.HashSet<>();
                node.path("orders").forEach(order -> listed.add(order.path("orderId").asText()));
                listed.forEach(id -> firstSeen.putIfAbsent(id, now));
                if (resumedAt != null) {
                    resumeSnapshots.incrementAndGet();
                    resumedWith.add(new Snapshot(resumedAt, Set.copyOf(listed)));
                }
                return;
            }
            String orderId = node.path("orderId").asText();
            firstSeen.putIfAbsent(orderId, now);
            if ("PICKED_UP".equals(node.path("status").asText())) {
                completed.add(orderId);
            }
        }
    }
}
