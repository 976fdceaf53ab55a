package dev.brew.loyalty.ledger;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderRejected;
import java.time.Instant;
import dev.brew.loyalty.domain.LoyaltyRules;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Learns stamps, rewards and drink counts from the order events on Kafka. A tracking processor reads the topic from
 * its first record on the first start (the back-fill), so the whole history counts; its token is kept in PostgreSQL
 * in the same transaction as these writes.
 */
@Component
@ProcessingGroup(LoyaltyProjection.GROUP)
public class LoyaltyProjection {

    public static final String GROUP = "loyalty";
    private static final Logger log = LoggerFactory.getLogger(LoyaltyProjection.class);

    private final LoyaltyLedger ledger;
    private final LoyaltyMetrics metrics;
    private final LoyaltyRules rules;
    private final Clock clock;

    LoyaltyProjection(LoyaltyLedger ledger, LoyaltyMetrics metrics, LoyaltyRules rules, Clock clock) {
        this.ledger = ledger;
        this.metrics = metrics;
        this.rules = rules;
        this.clock = clock;
    }

    @EventHandler
    void on(OrderPlaced event) {
        ledger.orderPlaced(event);
    }

    /** The customer took the order: its stamps are earned (docs/adr/0900-order-counter-steps.md). */
    @EventHandler
    void on(OrderPickedUp event, ReplayStatus replay) {
        handedOver(event.orderId(), event.pickedUpAt(), replay);
    }

    /** Stored before the counter steps: the order was handed over, as {@link OrderPickedUp} says now. */
    @EventHandler
    void on(OrderCompleted event, ReplayStatus replay) {
        handedOver(event.orderId(), event.completedAt(), replay);
    }

    private void handedOver(String orderId, Instant at, ReplayStatus replay) {
        // A reward earned long ago (read in a back-fill) or read again in a replay is history, not news.
        boolean announce = !replay.isReplay()
                && Duration.between(at, clock.instant()).compareTo(rules.notifyWithin()) <= 0;
        LoyaltyLedger.HandOver handOver = ledger.orderHandedOver(orderId, at, announce);
        if (handOver.memberId() == null) {
            return;
        }
        // Counted once the transaction holding the change has committed: a rolled-back batch is handled again.
        CurrentUnitOfWork.get().afterCommit(unitOfWork -> {
            metrics.stampsAwarded(handOver.stamps());
            metrics.rewardsIssued(handOver.rewardsIssued().size());
            if (handOver.rewardRedeemed()) {
                metrics.rewardRedeemed();
            }
            if (announce && !handOver.rewardsIssued().isEmpty()) {
                metrics.rewardsAnnounced(handOver.rewardsIssued().size());
                log.info("member {} earned {} reward(s)", handOver.memberId(), handOver.rewardsIssued().size());
            }
        });
    }

    @EventHandler
    void on(OrderCancelled event) {
        endedWithoutHandOver(event.orderId());
    }

    /** A barista refused the order: like a cancel, it earns nothing and a reward it held comes back. */
    @EventHandler
    void on(OrderRejected event) {
        endedWithoutHandOver(event.orderId());
    }

    /** Nobody accepted or picked up the order in time: like a cancel. */
    @EventHandler
    void on(OrderExpired event) {
        endedWithoutHandOver(event.orderId());
    }

    private void endedWithoutHandOver(String orderId) {
        String returned = ledger.orderCancelled(orderId);
        if (returned != null) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> metrics.rewardReturned());
        }
    }

    @ResetHandler
    void reset() {
        ledger.clear();
    }
}
