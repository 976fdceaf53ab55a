package dev.brew.member.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * At least 8 characters besides leading and trailing whitespace (so a whitespace-only password is refused); at most
 * 72 bytes in UTF-8, because bcrypt (the delegating encoder's default) reads no further and Spring Security refuses
 * longer input rather than silently ignoring the rest; not one of the common passwords shipped in
 * {@code common-passwords.txt} (ignoring case), nor one character repeated. No composition rules: length is what
 * makes a password strong, and such rules only push people to predictable patterns (NIST SP 800-63B).
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;
    static final String COMMON_PASSWORDS = "/common-passwords.txt";

    private PasswordPolicy() {
    }

    public static String check(String password) {
        if (password == null) {
            throw new InvalidMemberInput("password", "password is required");
        }
        String meaningful = password.strip();
        if (meaningful.isEmpty()) {
            throw new InvalidMemberInput("password", "password must not be only whitespace");
        }
        if (meaningful.codePointCount(0, meaningful.length()) < MIN_LENGTH) {
            throw new InvalidMemberInput("password", "password must be at least " + MIN_LENGTH
                    + " characters, not counting leading and trailing spaces");
        }
        if (!fitsHash(password)) {
            throw new InvalidMemberInput("password",
                    "password must be at most " + MAX_BYTES + " bytes in UTF-8 (72 plain letters or digits)");
        }
        if (Common.PASSWORDS.contains(meaningful.toLowerCase(Locale.ROOT))
                || meaningful.codePoints().distinct().count() == 1) {
            throw new InvalidMemberInput("password", "password is too common; choose one that is hard to guess");
        }
        return password;
    }

    /** Whether the encoder can hash it at all; sign-in uses this to refuse, never to fail. */
    public static boolean fitsHash(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    /** Read once, on the first sign-up. */
    private static final class Common {

        static final Set<String> PASSWORDS = load();

        private static Set<String> load() {
            Set<String> passwords = new HashSet<>();
            try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
                if (in == null) {
                    throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the class path");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String entry = line.strip();
                    if (!entry.isEmpty() && !entry.startsWith("#")) {
                        passwords.add(entry.toLowerCase(Locale.ROOT));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Set.copyOf(passwords);
        }
    }
}
