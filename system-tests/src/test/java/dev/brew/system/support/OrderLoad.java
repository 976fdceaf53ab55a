package dev.brew.system.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.awaitility.Awaitility.await;

/**
 * A steady, paced load through the gateway: orders placed at a fixed rate by a few members, most of them then
 * completed by a barista or cancelled by their owner, plus a sign-up now and then. It writes down every answer, so
 * that afterwards each order the system acknowledged (202) can be looked for in the event store and the view.
 *
 * <p>An order whose placing got no acknowledgement (a 5xx, or no answer in time) is not counted as lost or as
 * rejected: {@link #retryUnacknowledged()} sends it again with the same {@code Idempotency-Key} once the system has
 * settled, as a real client would, and it must then exist exactly once.
 */
public final class OrderLoad implements AutoCloseable {

    public enum Intent { COMPLETE, CANCEL, KEEP }

    /** One order of the load and what its final status must be. */
    public static final class LoadOrder {
        public final Session member;
        public final String key;
        public final String body;
        public final Intent intent;
        private volatile String orderId;
        private volatile boolean actionConfirmed;

        LoadOrder(Session member, String key, String body, Intent intent) {
            this.member = member;
            this.key = key;
            this.body = body;
            this.intent = intent;
        }

        public String orderId() {
            return orderId;
        }

        /** The status the views must end with. */
        public String expectedStatus() {
            return switch (intent) {
                case KEEP -> "ORDERED";
                case COMPLETE -> "PICKED_UP";
                case CANCEL -> "CANCELLED";
            };
        }

        /** The id command-service derives from member and key, so a refused order can be looked for too. */
        public String derivedId() {
            return orderIdOf(member.memberId(), key);
        }
    }

    /** The id command-service gives the order of {@code memberId} placed with {@code key} (name-based UUID). */
    public static String orderIdOf(String memberId, String key) {
        return UUID.nameUUIDFromBytes((memberId + '\n' + key).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    private final Gateway gateway;
    private final List<Session> members;
    private final Session barista;
    private final List<String> menu;
    private final double perSecond;
    private final int limit;
    private final ScheduledExecutorService pacer = Executors.newScheduledThreadPool(2);
    private final ExecutorService workers = Executors.newFixedThreadPool(64);
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong slowest = new AtomicLong();
    private final LongAdder noAnswer = new LongAdder();
    private final Queue<String> noAnswerErrors = new ConcurrentLinkedQueue<>();
    private final LongAdder cut = new LongAdder();
    private final Queue<String> cutErrors = new ConcurrentLinkedQueue<>();
    private final Map<Integer, LongAdder> placeAnswers = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> actionAnswers = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> signUpAnswers = new ConcurrentHashMap<>();
    private final Queue<LoadOrder> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<LoadOrder> refused = new ConcurrentLinkedQueue<>();
    private final Queue<LoadOrder> unacknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<LoadOrder> unconfirmedActions = new ConcurrentLinkedQueue<>();
    private final Queue<String> signedUp = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger unacknowledgedButStored = new AtomicInteger();
    private ScheduledFuture<?> placing;
    private ScheduledFuture<?> signingUp;

    /**
     * @param limit orders to place in all (0: no limit, until {@link #stop()})
     */
    public OrderLoad(Gateway gateway, List<Session> members, Session barista, double perSecond, int limit) {
        this.gateway = gateway;
        this.members = List.copyOf(members);
        this.barista = barista;
        this.menu = gateway.menuCodes();
        this.perSecond = perSecond;
        this.limit = limit;
    }

    public OrderLoad start() {
        long period = Math.max(1, Math.round(1_000_000 / perSecond));
        placing = pacer.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
        signingUp = pacer.scheduleAtFixedRate(() -> submit(this::signUpOne), 500, 1000, TimeUnit.MILLISECONDS);
        return this;
    }

    public int sent() {
        return sequence.get();
    }

    public boolean finished() {
        return limit > 0 && sequence.get() >= limit && inFlight.get() == 0;
    }

    /** Stops sending and waits for every answer (each call has a client timeout, so this ends). */
    public void stop() {
        if (placing != null) {
            placing.cancel(false);
            signingUp.cancel(false);
        }
        await("the load's last answers").atMost(Duration.ofSeconds(60)).until(() -> inFlight.get() == 0);
    }

    /** {@code n} orders at once, on top of the paced ones (counted and checked like them). */
    public void burst(int n) {
        for (int i = 0; i < n; i++) {
            int next = sequence.getAndIncrement();
            submit(() -> placeOne(next));
        }
    }

    private void tick() {
        if (limit > 0 && sequence.get() >= limit) {
            return;
        }
        int n = sequence.getAndIncrement();
        submit(() -> placeOne(n));
    }

    private void submit(Runnable task) {
        inFlight.incrementAndGet();
        workers.execute(() -> {
            try {
                task.run();
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private void placeOne(int n) {
        Session member = members.get(n % members.size());
        Intent intent = switch (n % 5) {
            case 0, 1, 2 -> Intent.COMPLETE;
            case 3 -> Intent.CANCEL;
            default -> Intent.KEEP;
        };
        LoadOrder order = new LoadOrder(member, "load-" + UUID.randomUUID(), Gateway.orderBody(menu, n), intent);
        Response placed = gateway.placeOrder(member, order.key, order.body);
        count(placeAnswers, placed);
        if (placed.status() == 202) {
            order.orderId = placed.json().path("orderId").asText();
            accepted.add(order);
            if (intent != Intent.KEEP) {
                // A little later, as a barista would: the completion then races nothing but the projection.
                inFlight.incrementAndGet();
                pacer.schedule(() -> {
                    submit(() -> act(order));
                    inFlight.decrementAndGet();
                }, 200, TimeUnit.MILLISECONDS);
            }
        } else if (placed.status() >= 400 && placed.status() < 500) {
            refused.add(order);
        } else {
            unacknowledged.add(order);
        }
    }

    private void act(LoadOrder order) {
        Response answer = order.intent == Intent.COMPLETE ? gateway.complete(barista, order.orderId)
                : gateway.cancel(order.member, order.orderId);
        count(actionAnswers, answer);
        if (answer.status() == 202) {
            order.actionConfirmed = true;
        } else {
            unconfirmedActions.add(order);
        }
    }

    private void signUpOne() {
        String name = gateway.uniqueName("load");
        Response answer = gateway.signUp(name, Gateway.PASSWORD);
        count(signUpAnswers, answer);
        if (answer.status() == 201) {
            signedUp.add(answer.json().path("id").asText());
        }
    }

    private void count(Map<Integer, LongAdder> answers, Response response) {
        answers.computeIfAbsent(response.status(), s -> new LongAdder()).increment();
        slowest.accumulateAndGet(response.millis(), Math::max);
        if (!response.answered()) {
            String what = java.time.Instant.now() + " after " + response.millis() + " ms: " + response.error();
            if (hung(response)) {
                noAnswer.increment();
                if (noAnswerErrors.size() < 5) {
                    noAnswerErrors.add(what);
                }
            } else {
                // The connection was closed under the call, promptly: a service killed while its answer was being
                // streamed leaves the gateway nothing to do but abort it. Not a hang; retried like a 5xx.
                cut.increment();
                if (cutErrors.size() < 5) {
                    cutErrors.add(what);
                }
            }
        }
    }

    /**
     * Sends every unacknowledged order again with its key (and every unconfirmed completion or cancellation), until
     * each is acknowledged: 202, or for an action 409 when its first try had in fact been applied.
     */
    public void retryUnacknowledged(EventStore store) {
        List<LoadOrder> again = List.copyOf(unacknowledged);
        if (!again.isEmpty()) {
            unacknowledgedButStored.set(store.existing(again.stream().map(LoadOrder::derivedId).toList()).size());
        }
        for (LoadOrder order : again) {
            retried.incrementAndGet();
            await("order " + order.key + " accepted on retry").atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                        Response placed = gateway.placeOrder(order.member, order.key, order.body);
                        if (placed.status() == 202) {
                            order.orderId = placed.json().path("orderId").asText();
                            return true;
                        }
                        return false;
                    });
            unacknowledged.remove(order);
            accepted.add(order);
            if (order.intent != Intent.KEEP) {
                unconfirmedActions.add(order);
            }
        }
        for (LoadOrder order : List.copyOf(unconfirmedActions)) {
            await("action on " + order.orderId + " confirmed on retry").atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                        Response answer = order.intent == Intent.COMPLETE ? gateway.complete(barista, order.orderId)
                                : gateway.cancel(order.member, order.orderId);
                        return answer.status() == 202 || answer.status() == 409;
                    });
            order.actionConfirmed = true;
            unconfirmedActions.remove(order);
        }
    }

    public List<LoadOrder> accepted() {
        return List.copyOf(accepted);
    }

    public List<LoadOrder> refused() {
        return List.copyOf(refused);
    }

    public List<String> signedUp() {
        return List.copyOf(signedUp);
    }

    public List<Session> members() {
        return members;
    }

    public int retried() {
        return retried.get();
    }

    /** Orders answered with a 5xx or not at all that were nevertheless stored (then retried to a 202). */
    public int unacknowledgedButStored() {
        return unacknowledgedButStored.get();
    }

    /** Calls that hung: no answer before the client's timeout. */
    public long noAnswer() {
        return noAnswer.sum();
    }

    /** Calls whose connection was closed under them before the timeout (the part was killed mid-answer). */
    public long cut() {
        return cut.sum();
    }

    public List<String> cutErrors() {
        return List.copyOf(cutErrors);
    }

    private static boolean hung(Response response) {
        String error = String.valueOf(response.error());
        return error.contains("Timeout") || error.contains("timed out")
                || response.millis() >= Gateway.TIMEOUT.toMillis();
    }

    /** The first few calls that got no answer: when, after how long, and why (client timeout or I/O error). */
    public List<String> noAnswerErrors() {
        return List.copyOf(noAnswerErrors);
    }

    public long slowestMillis() {
        return slowest.get();
    }

    public Map<Integer, Long> placeAnswers() {
        return snapshot(placeAnswers);
    }

    public Map<Integer, Long> actionAnswers() {
        return snapshot(actionAnswers);
    }

    public Map<Integer, Long> signUpAnswers() {
        return snapshot(signUpAnswers);
    }

    private static Map<Integer, Long> snapshot(Map<Integer, LongAdder> counts) {
        Map<Integer, Long> copy = new TreeMap<>();
        counts.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        workers.shutdownNow();
    }
}
