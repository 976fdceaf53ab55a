package dev.brew.loyalty.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** What the loyalty programme gave out, as this instance counted it (a back-fill counts the history it reads). */
@Component
public class LoyaltyMetrics {

    private final Counter stamps;
    private final Counter issued;
    private final Counter redeemed;
    private final Counter returned;
    private final Counter announced;
    private final Counter released;

    LoyaltyMetrics(MeterRegistry registry) {
        stamps = Counter.builder("brew.loyalty.stamps.awarded").description("Stamps given for drinks handed over")
                .register(registry);
        issued = Counter.builder("brew.loyalty.rewards.issued").description("Free-drink rewards issued")
                .register(registry);
        redeemed = Counter.builder("brew.loyalty.rewards.redeemed")
                .description("Rewards used by an order that was handed over").register(registry);
        returned = Counter.builder("brew.loyalty.rewards.returned")
                .description("Rewards given back because their order was cancelled").register(registry);
        released = Counter.builder("brew.loyalty.rewards.released")
                .description("Rewards given back because placing their order failed after the reservation")
                .register(registry);
        announced = Counter.builder("brew.loyalty.rewards.announced")
                .description("Rewards announced to their member as news (not those read from history)")
                .register(registry);
    }

    void stampsAwarded(int count) {
        stamps.increment(count);
    }

    void rewardsIssued(int count) {
        issued.increment(count);
    }

    void rewardRedeemed() {
        redeemed.increment();
    }

    void rewardReturned() {
        returned.increment();
    }

    public void rewardReleased() {
        released.increment();
    }

    void rewardsAnnounced(int count) {
        announced.increment(count);
    }
}
