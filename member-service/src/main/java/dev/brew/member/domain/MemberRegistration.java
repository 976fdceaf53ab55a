package dev.brew.member.domain;

import dev.brew.contracts.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Sign-up, and the seeding of baristas and operators from configuration; both end in {@link Members#add}. */
public class MemberRegistration {

    private static final Logger log = LoggerFactory.getLogger(MemberRegistration.class);

    private final Members members;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final Set<String> reservedNameKeys;

    /** @param reservedNames names of the seeded staff: nobody else may sign up with them, even before seeding */
    public MemberRegistration(Members members, PasswordEncoder passwordEncoder, Clock clock, Set<String> reservedNames) {
        this.members = members;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.reservedNameKeys = reservedNames.stream().map(MemberName::key).collect(java.util.stream.Collectors.toSet());
    }

    public Member signUp(String rawName, String password) {
        String name = MemberName.parse(rawName);
        PasswordPolicy.check(password);
        if (reservedNameKeys.contains(MemberName.key(name))) {
            throw new NameTaken(name);
        }
        return register(name, Role.MEMBER, password);
    }

    /**
     * Makes sure the configured staff member exists with this role and password. Idempotent: a restart finds the
     * member and at most updates the password hash when the configured password changed. A customer who holds the
     * name is never promoted.
     */
    public SeedOutcome seed(String rawName, Role role, String password) {
        String name = MemberName.parse(rawName);
        PasswordPolicy.check(password);
        Optional<Member> existing = members.byNameKey(MemberName.key(name));
        if (existing.isEmpty()) {
            try {
                register(name, role, password);
                return SeedOutcome.CREATED;
            } catch (NameTaken raced) {
                // Another instance seeded it at the same moment: look again.
                return seed(rawName, role, password);
            }
        }
        Member member = existing.get();
        if (member.role() != role) {
            log.error("Cannot seed {} '{}': the name belongs to member {} with role {}; not changing it",
                    role, name, member.id(), member.role());
            return SeedOutcome.CONFLICT;
        }
        if (!passwordEncoder.matches(password, member.passwordHash())) {
            members.changePasswordHash(member.id(), passwordEncoder.encode(password));
            return SeedOutcome.PASSWORD_UPDATED;
        }
        return SeedOutcome.UNCHANGED;
    }

    private Member register(String name, Role role, String password) {
        // Mongo keeps milliseconds: the event says exactly what is stored.
        Member member = new Member(UUID.randomUUID().toString(), name, role, passwordEncoder.encode(password),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        members.add(member, member.registered());
        log.info("Registered {} {} as {}", role, member.id(), name);
        return member;
    }

    public enum SeedOutcome { CREATED, UNCHANGED, PASSWORD_UPDATED, CONFLICT }
}
