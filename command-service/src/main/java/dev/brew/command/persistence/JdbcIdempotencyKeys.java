package dev.brew.command.persistence;

import dev.brew.command.domain.IdempotencyKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** {@link IdempotencyKeys} in PostgreSQL, on the command's own transaction (the same as the event store's). */
@Repository
class JdbcIdempotencyKeys implements IdempotencyKeys {

    private final JdbcTemplate jdbc;

    JdbcIdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Earlier> claim(String memberId, String key, String requestHash, String orderId) {
        // A concurrent insert of the same key blocks here until the first transaction ends; if it committed, this one
        // inserts nothing and reads the committed row.
        int inserted = jdbc.update("""
                insert into idempotency_key (member_id, idempotency_key, request_hash, order_id)
                values (?, ?, ?, ?) on conflict do nothing""", memberId, key, requestHash, orderId);
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("""
                        select request_hash, order_id, order_number from idempotency_key
                        where member_id = ? and idempotency_key = ?""",
                (rs, row) -> new Earlier(rs.getString(1), rs.getString(2), rs.getInt(3)), memberId, key));
    }

    @Override
    public void complete(String memberId, String key, int orderNumber) {
        jdbc.update("update idempotency_key set order_number = ? where member_id = ? and idempotency_key = ?",
                orderNumber, memberId, key);
    }
}
