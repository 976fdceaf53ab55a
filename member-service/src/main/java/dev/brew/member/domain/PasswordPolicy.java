package dev.brew.member.domain;

import java.nio.charset.StandardCharsets;

/**
 * At least 8 characters; at most 72 bytes in UTF-8, because bcrypt (the delegating encoder's default) reads no
 * further and Spring Security refuses longer input rather than silently ignoring the rest. Nothing else: length is
 * what makes a password strong, and composition rules only push people to predictable patterns.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    public static String check(String password) {
        if (password == null) {
            throw new InvalidMemberInput("password", "password is required");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new InvalidMemberInput("password", "password must be at least " + MIN_LENGTH + " characters");
        }
        if (!fitsHash(password)) {
            throw new InvalidMemberInput("password",
                    "password must be at most " + MAX_BYTES + " bytes in UTF-8 (72 plain letters or digits)");
        }
        return password;
    }

    /** Whether the encoder can hash it at all; sign-in uses this to refuse, never to fail. */
    public static boolean fitsHash(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
