package dev.brew.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one run of {@code ./benchmark} does, from system properties (the script maps its environment onto them).
 *
 * @param rates          order arrival rates tried, in order ({@code brew.bench.rates})
 * @param stepSeconds    how long each rate is held ({@code brew.bench.step-seconds}, 60 for the target)
 * @param probeRate      orders/s of the order-to-screen probe ({@code brew.bench.probe-rate}, 200)
 * @param probeSeconds   how long the probe runs ({@code brew.bench.probe-seconds})
 * @param replayEvents   events written to the topic for the replay ({@code brew.bench.replay-events}, 1,000,000
 *                       for the target)
 * @param members        members signed in for the load ({@code brew.bench.members})
 * @param warmupRate     orders/s of the warm-up before the measured steps ({@code brew.bench.warmup-rate}, 20)
 * @param warmupSeconds  the warm-up's first part: orders placed and watched ({@code brew.bench.warmup-seconds}, 60;
 *                       0: none, and no rounds either)
 * @param warmupMaxSeconds then the steps' own requests in rounds until the JIT compilers settle, at most this long
 *                       ({@code brew.bench.warmup-max-seconds}, 600)
 * @param publisherOrders orders stored while Kafka is down, whose publication is then timed
 *                       ({@code brew.bench.publisher-orders})
 * @param skip           steps left out ({@code brew.bench.skip}: load, probe, replay, baseline)
 * @param label          what this run is about, for the runs table ({@code brew.bench.label})
 */
record Settings(List<Integer> rates, int stepSeconds, int probeRate, int probeSeconds, long replayEvents,
                int members, int warmupRate, int warmupSeconds, int warmupMaxSeconds, int publisherOrders,
                Set<String> skip, String label) {

    static Settings fromSystemProperties() {
        return new Settings(
                Arrays.stream(System.getProperty("brew.bench.rates", "5,10,25,50,100,200,300,400,600,800,1000,1500")
                        .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList(),
                Integer.getInteger("brew.bench.step-seconds", 60),
                Integer.getInteger("brew.bench.probe-rate", 200),
                Integer.getInteger("brew.bench.probe-seconds", 30),
                Long.getLong("brew.bench.replay-events", 200_000),
                Integer.getInteger("brew.bench.members", 50),
                Integer.getInteger("brew.bench.warmup-rate", 20),
                Integer.getInteger("brew.bench.warmup-seconds", 60),
                Integer.getInteger("brew.bench.warmup-max-seconds", 600),
                Integer.getInteger("brew.bench.publisher-orders", 2000),
                Arrays.stream(System.getProperty("brew.bench.skip", "").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet()),
                System.getProperty("brew.bench.label", ""));
    }

    boolean runs(String step) {
        return !skip.contains(step);
    }
}
