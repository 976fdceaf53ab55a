package dev.brew.loyalty.ledger;

import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.loyalty.domain.LoyaltyRules;
import dev.brew.loyalty.domain.Recommendations;
import dev.brew.loyalty.domain.RewardNotAvailable;
import dev.brew.loyalty.domain.RewardReservation;
import dev.brew.loyalty.domain.RewardState;
import dev.brew.loyalty.domain.StampCard;
import dev.brew.loyalty.domain.UnknownReward;
import dev.brew.loyalty.domain.UsualOptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loyalty tables in PostgreSQL. Every change made from an event is guarded by the row's state (an order goes
 * from ORDERED to DONE or CANCELLED once; a reward is inserted under a derived id), so an event delivered twice or
 * read again changes nothing; the event handlers run in the processor's transaction together with its token.
 */
@Repository
public class LoyaltyLedger {

    private final JdbcTemplate jdbc;
    private final LoyaltyRules rules;
    private final UsualOptions usual;
    private final Clock clock;

    LoyaltyLedger(JdbcTemplate jdbc, LoyaltyRules rules, UsualOptions usual, Clock clock) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.usual = usual;
        this.clock = clock;
    }

    /** What one handed-over order changed: stamps added, rewards issued, whether its reward was redeemed. */
    public record HandOver(String memberId, int stamps, List<String> rewardsIssued, boolean rewardRedeemed) {
        static final HandOver NONE = new HandOver(null, 0, List.of(), false);
    }

    /** Records an order (once); returns false if it was already known. */
    public boolean orderPlaced(OrderPlaced event) {
        int drinks = event.items().stream().mapToInt(OrderItem::quantity).sum();
        String rewardId = event.reward() == null ? null : event.reward().rewardId();
        int inserted = jdbc.update("""
                        insert into loyalty_order (order_id, member_id, drinks, placed_at, status, reward_id)
                        values (?, ?, ?, ?, 'ORDERED', ?) on conflict (order_id) do nothing""",
                event.orderId(), event.memberId(), drinks, Timestamp.from(event.placedAt()), rewardId);
        if (inserted == 0) {
            return false;
        }
        // One row per drink made one way (ADR 0904): the same drink with other options is another usual.
        Map<String, OrderItem> byDrink = new LinkedHashMap<>();
        for (OrderItem item : event.items()) {
            byDrink.merge(item.menuCode() + "\n" + usual.key(item.options()), item, (a, b) -> new OrderItem(
                    a.menuCode(), a.name(), a.quantity() + b.quantity(), a.unitPrice(), a.options(), 0));
        }
        List<Object[]> rows = new ArrayList<>();
        for (OrderItem item : byDrink.values()) {
            LineOptions o = item.options() == null ? new LineOptions(null, null, null, null, null) : item.options();
            rows.add(new Object[]{event.orderId(), item.menuCode(), item.name(), item.quantity(), event.memberId(),
                    Timestamp.from(event.placedAt()), usual.key(item.options()), o.size(), o.temperature(),
                    o.extraShots(), o.milk(), o.syrup()});
        }
        jdbc.batchUpdate("""
                insert into order_drink (order_id, menu_code, name, quantity, member_id, placed_at,
                                         options_key, size, temperature, extra_shots, milk, syrup)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", rows);
        if (rewardId != null) {
            // The reservation made before the order was placed is now backed by the order itself; in a back-fill
            // (no reservation row, possibly not even issued yet) this creates the row the stamps will issue later.
            jdbc.update("""
                            insert into reward (reward_id, member_id, state, order_id, order_placed)
                            values (?, ?, 'RESERVED', ?, true)
                            on conflict (reward_id) do update set
                                state = case when reward.state = 'REDEEMED' then reward.state else 'RESERVED' end,
                                order_id = case when reward.state = 'REDEEMED' then reward.order_id
                                                else excluded.order_id end,
                                order_placed = true, reserved_until = null""",
                    rewardId, event.memberId(), event.orderId());
        }
        return true;
    }

    /** The order was handed over: stamps for its drinks (once), rewards for every full card, its reward used. */
    public HandOver orderHandedOver(String orderId, Instant at, boolean announce) {
        List<Map<String, Object>> done = jdbc.queryForList("""
                update loyalty_order set status = 'DONE' where order_id = ? and status = 'ORDERED'
                returning member_id, drinks, reward_id""", orderId);
        if (done.isEmpty()) {
            return HandOver.NONE;
        }
        String memberId = (String) done.get(0).get("member_id");
        int drinks = ((Number) done.get(0).get("drinks")).intValue();
        String rewardId = (String) done.get(0).get("reward_id");
        boolean redeemed = rewardId != null && jdbc.update("""
                update reward set state = 'REDEEMED', redeemed_at = ?, order_id = ?
                where reward_id = ? and state <> 'REDEEMED'""", Timestamp.from(at), orderId, rewardId) == 1;
        int stamps = rules.stampsFor(drinks, rewardId != null);
        Map<String, Object> card = jdbc.queryForMap("""
                insert into stamp_card (member_id, stamps, rewards_issued, updated_at) values (?, ?, 0, ?)
                on conflict (member_id) do update set stamps = stamp_card.stamps + excluded.stamps,
                    updated_at = excluded.updated_at
                returning stamps, rewards_issued""", memberId, stamps, Timestamp.from(at));
        long total = ((Number) card.get("stamps")).longValue();
        int issued = ((Number) card.get("rewards_issued")).intValue();
        int earned = rules.rewardsEarned(total);
        List<String> newRewards = new ArrayList<>();
        for (int ordinal = issued + 1; ordinal <= earned; ordinal++) {
            String id = LoyaltyRules.rewardId(memberId, ordinal);
            jdbc.update("""
                            insert into reward (reward_id, member_id, ordinal, state, issued_at, notified_at)
                            values (?, ?, ?, 'AVAILABLE', ?, ?)
                            on conflict (reward_id) do update set ordinal = excluded.ordinal,
                                issued_at = excluded.issued_at, notified_at = excluded.notified_at""",
                    id, memberId, ordinal, Timestamp.from(at), announce ? Timestamp.from(clock.instant()) : null);
            newRewards.add(id);
        }
        if (earned > issued) {
            jdbc.update("update stamp_card set rewards_issued = ? where member_id = ?", earned, memberId);
        }
        return new HandOver(memberId, stamps, newRewards, redeemed);
    }

    /**
     * The order ended without being handed over (cancelled, rejected or expired: all CANCELLED here): it earns
     * nothing, and a reward it held is given back. Returns that reward.
     */
    public String orderCancelled(String orderId) {
        List<String> cancelled = jdbc.queryForList("""
                update loyalty_order set status = 'CANCELLED' where order_id = ? and status = 'ORDERED'
                returning reward_id""", String.class, orderId);
        if (cancelled.isEmpty() || cancelled.get(0) == null) {
            return null;
        }
        int returned = jdbc.update("""
                update reward set state = 'AVAILABLE', order_id = null, order_placed = false, reserved_until = null
                where reward_id = ? and order_id = ? and state = 'RESERVED'""", cancelled.get(0), orderId);
        return returned == 1 ? cancelled.get(0) : null;
    }

    /** Forgets everything learned from the events (a replay rebuilds it). */
    public void clear() {
        jdbc.update("truncate loyalty_order, order_drink, stamp_card, reward");
    }

    /**
     * Holds one of the member's rewards for an order, atomically: of any number of concurrent calls for one reward,
     * one conditional UPDATE wins. Asking again for the same order is answered as before (a retried order).
     *
     * @throws UnknownReward      the member holds no such reward
     * @throws RewardNotAvailable it is used, or held by another order
     */
    @Transactional
    public RewardReservation reserve(String memberId, String rewardId, String orderId) {
        Integer same = jdbc.queryForObject("""
                select count(*) from reward where reward_id = ? and member_id = ? and order_id = ?
                    and state in ('RESERVED', 'REDEEMED') and issued_at is not null""",
                Integer.class, rewardId, memberId, orderId);
        if (same != null && same > 0) {
            return new RewardReservation(rewardId, orderId, rules.rewardCap(), true);
        }
        Instant now = clock.instant();
        // A reservation whose order never reached the topic (the order failed after reserving) lapses once the
        // topic has been read past its deadline; until then it may still be on its way.
        int updated = jdbc.update("""
                        update reward set state = 'RESERVED', order_id = ?, order_placed = false, reserved_until = ?
                        where reward_id = ? and member_id = ? and issued_at is not null
                          and (state = 'AVAILABLE'
                               or (state = 'RESERVED' and not order_placed and reserved_until < ?
                                   and reserved_until < (select max(placed_at) from loyalty_order)))""",
                orderId, Timestamp.from(now.plus(rules.reservationTimeout())), rewardId, memberId,
                Timestamp.from(now));
        if (updated == 1) {
            return new RewardReservation(rewardId, orderId, rules.rewardCap(), false);
        }
        Integer exists = jdbc.queryForObject("""
                select count(*) from reward where reward_id = ? and member_id = ? and issued_at is not null""",
                Integer.class, rewardId, memberId);
        if (exists == null || exists == 0) {
            throw new UnknownReward(rewardId);
        }
        throw new RewardNotAvailable(rewardId);
    }

    /**
     * Gives back a reward held for an order that was never placed (command-service refused or could not store it
     * after reserving, ADR 0802). Only a hold no {@code OrderPlaced} has backed yet is released; releasing what is
     * not held (again, or never) changes nothing. Returns whether the reward came back.
     */
    public boolean release(String memberId, String rewardId, String orderId) {
        return jdbc.update("""
                update reward set state = 'AVAILABLE', order_id = null, reserved_until = null
                where reward_id = ? and member_id = ? and order_id = ? and state = 'RESERVED' and not order_placed""",
                rewardId, memberId, orderId) == 1;
    }

    public StampCard card(String memberId) {
        List<Map<String, Object>> card = jdbc.queryForList(
                "select stamps from stamp_card where member_id = ?", memberId);
        long stamps = card.isEmpty() ? 0 : ((Number) card.get(0).get("stamps")).longValue();
        List<StampCard.Reward> rewards = jdbc.query("""
                        select reward_id, state, issued_at, order_id, notified_at from reward
                        where member_id = ? and issued_at is not null and state <> 'REDEEMED'
                        order by ordinal""",
                (rs, i) -> new StampCard.Reward(rs.getString("reward_id"), RewardState.valueOf(rs.getString("state")),
                        rules.rewardCap(), rs.getTimestamp("issued_at").toInstant(), rs.getString("order_id"),
                        rs.getTimestamp("notified_at") != null),
                memberId);
        Integer redeemed = jdbc.queryForObject(
                "select count(*) from reward where member_id = ? and state = 'REDEEMED'", Integer.class, memberId);
        return new StampCard(memberId, stamps, rules.stampsPerReward(), rules.progress(stamps), rewards,
                redeemed == null ? 0 : redeemed);
    }

    public Recommendations recommendations(String memberId, int popularLimit) {
        // The drink made one way (ADR 0904); within one key only default values differ (given or left out), so
        // max() picks the options as given, and a key whose lines all predate options has none (null).
        List<Recommendations.Drink> usual = jdbc.query("""
                        select d.menu_code, max(d.name) as name, sum(d.quantity) as quantity, max(d.size),
                               max(d.temperature), max(d.extra_shots), max(d.milk), max(d.syrup)
                        from order_drink d join loyalty_order o on o.order_id = d.order_id
                        where d.member_id = ? and o.status = 'DONE'
                        group by d.menu_code, d.options_key
                        order by quantity desc, d.menu_code, d.options_key limit 1""",
                (rs, i) -> new Recommendations.Drink(rs.getString(1), rs.getString(2), rs.getLong(3),
                        options(rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), rs.getString(7),
                                rs.getString(8))), memberId);
        List<Recommendations.Drink> popular = jdbc.query("""
                        select d.menu_code, max(d.name) as name, sum(d.quantity) as quantity
                        from order_drink d join loyalty_order o on o.order_id = d.order_id
                        where d.placed_at >= ? and o.status <> 'CANCELLED'
                        group by d.menu_code order by quantity desc, d.menu_code limit ?""",
                (rs, i) -> new Recommendations.Drink(rs.getString(1), rs.getString(2), rs.getLong(3)),
                Timestamp.from(clock.instant().minus(rules.popularWindow())), popularLimit);
        return new Recommendations(usual.isEmpty() ? null : usual.get(0), popular);
    }

    private static LineOptions options(String size, String temperature, Integer extraShots, String milk,
                                       String syrup) {
        boolean none = size == null && temperature == null && extraShots == null && milk == null && syrup == null;
        return none ? null : new LineOptions(size, temperature, extraShots, milk, syrup);
    }
}
