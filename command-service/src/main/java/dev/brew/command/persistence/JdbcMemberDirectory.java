package dev.brew.command.persistence;

import dev.brew.command.domain.MemberDirectory;
import dev.brew.contracts.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member directory in PostgreSQL. Members are never removed, so ids once found are kept in memory and the hot
 * path (every order) does not query the table again.
 */
@Repository
class JdbcMemberDirectory implements MemberDirectory {

    private final JdbcTemplate jdbc;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    JdbcMemberDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isKnown(String memberId) {
        if (known.contains(memberId)) {
            return true;
        }
        Integer found = jdbc.queryForObject("select count(*) from member_directory where member_id = ?",
                Integer.class, memberId);
        if (found != null && found > 0) {
            known.add(memberId);
            return true;
        }
        return false;
    }

    @Override
    public void remember(String memberId, String name, Role role, Instant registeredAt, String learnedFrom) {
        jdbc.update("""
                        insert into member_directory (member_id, name, role, registered_at, learned_from)
                        values (?, ?, ?, ?, ?)
                        on conflict (member_id) do update set name = excluded.name, role = excluded.role,
                            registered_at = coalesce(excluded.registered_at, member_directory.registered_at)""",
                memberId, name, role.name(), registeredAt == null ? null : Timestamp.from(registeredAt), learnedFrom);
    }
}
