package dev.brew.command.support;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/** Reads command-service's event store directly, to check what was (and was not) stored. */
@TestComponent
public class EventStore {

    private final JdbcTemplate jdbc;

    public EventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> eventTypes(String orderId) {
        return jdbc.queryForList("""
                select payload_type from domain_event_entry where aggregate_identifier = ?
                order by sequence_number""", String.class, orderId);
    }

    public String payload(String orderId, long sequence) {
        return jdbc.queryForObject("""
                select convert_from(payload, 'UTF8') from domain_event_entry
                where aggregate_identifier = ? and sequence_number = ?""", String.class, orderId, sequence);
    }

    public String metaData(String orderId, long sequence) {
        return jdbc.queryForObject("""
                select convert_from(meta_data, 'UTF8') from domain_event_entry
                where aggregate_identifier = ? and sequence_number = ?""", String.class, orderId, sequence);
    }

    public long count() {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return count == null ? 0 : count;
    }

    public long ordersOf(String memberId) {
        Long count = jdbc.queryForObject("""
                select count(*) from domain_event_entry where payload_type like '%OrderPlaced'
                and convert_from(payload, 'UTF8')::jsonb ->> 'memberId' = ?""", Long.class, memberId);
        return count == null ? 0 : count;
    }
}
