package dev.brew.loyalty.domain;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * The loyalty programme's rules: a stamp per drink handed over, a free-drink reward per {@code stampsPerReward}
 * stamps, worth one drink's price up to {@code rewardCap}.
 *
 * @param stampsPerReward    stamps that earn one reward
 * @param rewardCap          the most a reward takes off an order, in the menu's currency
 * @param reservationTimeout how long a reward stays reserved for an order that has not appeared on the topic
 * @param popularWindow      how far back "popular now" looks
 * @param notifyWithin       a reward earned from an order handed over longer ago than this is history (a back-fill
 *                           or replay), not news: it is not announced
 */
@ConfigurationProperties("brew.loyalty")
public record LoyaltyRules(@DefaultValue("12") int stampsPerReward,
                           @DefaultValue("6000") long rewardCap,
                           @DefaultValue("15m") Duration reservationTimeout,
                           @DefaultValue("1h") Duration popularWindow,
                           @DefaultValue("10m") Duration notifyWithin) {

    public LoyaltyRules {
        if (stampsPerReward < 1) {
            throw new IllegalArgumentException("brew.loyalty.stamps-per-reward must be at least 1");
        }
    }

    /** Stamps an order earns when it is handed over: one per drink, none for the drink a reward paid for. */
    public int stampsFor(int drinks, boolean rewardApplied) {
        return Math.max(0, rewardApplied ? drinks - 1 : drinks);
    }

    /** How many rewards a member has earned in all with this many stamps. */
    public int rewardsEarned(long stamps) {
        return (int) (stamps / stampsPerReward);
    }

    /** Stamps towards the next reward. */
    public int progress(long stamps) {
        return (int) (stamps % stampsPerReward);
    }

    /**
     * The id of a member's n-th reward (from 1). Derived, not random, so a replay of the same events names the same
     * rewards, and orders that carry a reward id still point at it.
     */
    public static String rewardId(String memberId, int ordinal) {
        return UUID.nameUUIDFromBytes(("reward\n" + memberId + "\n" + ordinal).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
