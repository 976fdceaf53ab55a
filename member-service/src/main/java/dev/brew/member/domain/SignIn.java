package dev.brew.member.domain;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks a name and password. An unknown name costs the same hash work as a wrong password and gets the same
 * answer, so neither the answer nor its timing tells which names exist.
 */
public class SignIn {

    private final Members members;
    private final PasswordEncoder passwordEncoder;
    private final SignInThrottle throttle;
    /** A real hash of a random secret, checked when the name is unknown. */
    private final String decoyHash;

    public SignIn(Members members, PasswordEncoder passwordEncoder, SignInThrottle throttle) {
        this.members = members;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.decoyHash = passwordEncoder.encode(java.util.UUID.randomUUID().toString());
    }

    /**
     * @throws TooManySignInAttempts before any check when this name from this address, this address, or (from an
     *                               address it never signed in from) this name has failed too often lately
     * @throws BadCredentials        for an unknown name or a wrong password alike
     */
    public Member authenticate(String name, String password, String clientAddress) {
        String nameKey = MemberName.key(name);
        Optional<Duration> wait = throttle.tryAttempt(nameKey, clientAddress);
        if (wait.isPresent()) {
            throw new TooManySignInAttempts(wait.get());
        }
        Optional<Member> member;
        try {
            member = members.byNameKey(nameKey);
        } catch (RuntimeException storeDown) {
            throttle.abandoned(nameKey, clientAddress); // our outage is not the caller's failed attempt
            throw storeDown;
        }
        boolean hashable = PasswordPolicy.fitsHash(password);
        String hash = member.map(Member::passwordHash).orElse(decoyHash);
        // An over-long password can never match (sign-up refuses it); hashing a cut copy keeps the timing the same.
        boolean matches = passwordEncoder.matches(hashable ? password : password.substring(0, 8), hash)
                && hashable && member.isPresent();
        if (!matches) {
            throw new BadCredentials();
        }
        throttle.succeeded(nameKey, clientAddress);
        Member found = member.get();
        if (passwordEncoder.upgradeEncoding(found.passwordHash())) {
            members.changePasswordHash(found.id(), passwordEncoder.encode(password));
        }
        return found;
    }
}
