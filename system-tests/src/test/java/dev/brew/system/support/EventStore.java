package dev.brew.system.support;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * command-service's PostgreSQL database read over JDBC: the event store ({@code domain_event_entry}) and the member
 * directory. A fresh connection per question, because tests stop PostgreSQL in the middle of a run.
 */
public final class EventStore {

    private final String url;

    public EventStore(int port) {
        this.url = "jdbc:postgresql://127.0.0.1:" + port + "/brew_command";
    }

    /** How many events of each type every order has: orderId → (OrderPlaced → 1, OrderCompleted → 1, ...). */
    public Map<String, Map<String, Integer>> eventsOf(Collection<String> orderIds) {
        Map<String, Map<String, Integer>> events = new HashMap<>();
        query("""
                select aggregate_identifier, payload_type, count(*) from domain_event_entry
                where aggregate_identifier = any(?) group by aggregate_identifier, payload_type""", orderIds, rows -> {
            while (rows.next()) {
                String type = rows.getString(2);
                events.computeIfAbsent(rows.getString(1), id -> new HashMap<>())
                        .put(type.substring(type.lastIndexOf('.') + 1), rows.getInt(3));
            }
        });
        return events;
    }

    /** Every order placed by these members (ids of OrderPlaced events whose payload names them). */
    public Map<String, Integer> ordersPlacedBy(Collection<String> memberIds) {
        Map<String, Integer> orders = new HashMap<>();
        query("""
                select aggregate_identifier, count(*) from domain_event_entry
                where payload_type like '%OrderPlaced'
                  and convert_from(payload, 'UTF8')::jsonb ->> 'memberId' = any(?)
                group by aggregate_identifier""", memberIds, rows -> {
            while (rows.next()) {
                orders.put(rows.getString(1), rows.getInt(2));
            }
        });
        return orders;
    }

    /** Whether any event exists for these aggregate ids. */
    public Set<String> existing(Collection<String> orderIds) {
        Set<String> found = new HashSet<>();
        query("select distinct aggregate_identifier from domain_event_entry where aggregate_identifier = any(?)",
                orderIds, rows -> {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                });
        return found;
    }

    /** The metadata (JSON) of every stored event of these orders: orderId to one text per event, in store order. */
    public Map<String, List<String>> metadataOf(Collection<String> orderIds) {
        Map<String, List<String>> metadata = new HashMap<>();
        query("select aggregate_identifier, convert_from(meta_data, 'UTF8') from domain_event_entry"
                + " where aggregate_identifier = any(?) order by global_index", orderIds, rows -> {
            while (rows.next()) {
                metadata.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
            }
        });
        return metadata;
    }

    /**
     * Stamps each of these members has earned, counted here from the events alone: the quantities of every order of
     * theirs that was handed over ({@code OrderPickedUp}, or {@code OrderCompleted} stored before the counter steps:
     * ADR 0900), each order once (no reward orders in the load).
     */
    public Map<String, Long> stampsEarnedBy(Collection<String> memberIds) {
        Map<String, Long> stamps = new HashMap<>();
        query("""
                select p.member_id, sum((item ->> 'quantity')::bigint) from (
                    select distinct on (aggregate_identifier) aggregate_identifier,
                           convert_from(payload, 'UTF8')::jsonb ->> 'memberId' as member_id,
                           convert_from(payload, 'UTF8')::jsonb -> 'items' as items
                    from domain_event_entry where payload_type like '%OrderPlaced') p
                cross join lateral jsonb_array_elements(p.items) item
                where p.member_id = any(?) and exists (select 1 from domain_event_entry c
                    where c.aggregate_identifier = p.aggregate_identifier and (c.payload_type like '%OrderPickedUp'
                        or c.payload_type like '%OrderCompleted'))
                group by p.member_id""", memberIds, rows -> {
            while (rows.next()) {
                stamps.put(rows.getString(1), rows.getLong(2));
            }
        });
        return stamps;
    }

    /** Stamps on each of these members' cards in loyalty-service's own database ({@code brew_loyalty}). */
    public Map<String, Long> stampCards(Collection<String> memberIds) {
        Map<String, Long> stamps = new HashMap<>();
        query(url.replace("/brew_command", "/brew_loyalty"),
                "select member_id, stamps from stamp_card where member_id = any(?) and stamps > 0", memberIds,
                rows -> {
                    while (rows.next()) {
                        stamps.put(rows.getString(1), rows.getLong(2));
                    }
                });
        return stamps;
    }

    /** member id → learned_from, for those of these members the directory knows. */
    public Map<String, String> directory(Collection<String> memberIds) {
        Map<String, String> known = new HashMap<>();
        query("select member_id, learned_from from member_directory where member_id = any(?)", memberIds, rows -> {
            while (rows.next()) {
                known.put(rows.getString(1), rows.getString(2));
            }
        });
        return known;
    }

    private interface Rows {
        void read(ResultSet rows) throws SQLException;
    }

    private void query(String sql, Collection<String> ids, Rows reader) {
        query(url, sql, ids, reader);
    }

    private static void query(String url, String sql, Collection<String> ids, Rows reader) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
             PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("varchar", ids.toArray());
            statement.setArray(1, array);
            try (ResultSet rows = statement.executeQuery()) {
                reader.read(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Event store query failed: " + e.getMessage(), e);
        }
    }
}
