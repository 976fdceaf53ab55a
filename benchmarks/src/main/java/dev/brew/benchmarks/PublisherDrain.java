package dev.brew.benchmarks;

import dev.brew.stack.Machine;
import dev.brew.stack.LocalStack;
import dev.brew.stack.Part;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The publisher's own speed (event store → Kafka), apart from HTTP: with the broker stopped, orders are placed and
 * stored; the broker is started again, and the backlog's fall is timed from its first drop (the publisher retries
 * with a back-off, which is not its speed) to zero.
 */
final class PublisherDrain {

    record Result(long orders, long backlog, double seconds, double loadBefore, double loadAfter) {

        double eventsPerSecond() {
            return backlog / Math.max(seconds, 0.001);
        }
    }

    private PublisherDrain() {
    }

    static Result run(LocalStack stack, BrewApi api, List<String> members, int orders, String commandDb)
            throws Exception {
        double loadBefore = Machine.loadAverage();
        stack.stop(Part.KAFKA);
        AtomicLong placed = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            work.add(clients.submit(() -> {
                for (int i = client; i < orders; i += 8) {
                    BrewApi.Answer answer = api.send(api.placeOrder(members.get(i % members.size()),
                            "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}"));
                    if (answer.status() == 202) {
                        placed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        clients.shutdown();
        long backlog = BenchmarkRun.publisherLag(commandDb);
        stack.start(Part.KAFKA);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long firstDrop = 0;
        long lag = backlog;
        while (lag != 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            lag = BenchmarkRun.publisherLag(commandDb);
            if (firstDrop == 0 && lag >= 0 && lag < backlog) {
                firstDrop = System.nanoTime();
            }
        }
        if (lag != 0) {
            throw new IllegalStateException("the publisher did not drain its backlog: " + lag + " left");
        }
        double seconds = (System.nanoTime() - firstDrop) / 1e9;
        return new Result(placed.get(), backlog, seconds, loadBefore, Machine.loadAverage());
    }
}
