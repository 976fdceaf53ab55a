package dev.brew.member.domain;

/** Unknown name or wrong password: deliberately one answer, so that sign-in does not tell which names exist. */
public class BadCredentials extends RuntimeException {

    public BadCredentials() {
        super("The name or the password is wrong", null, false, false);
    }
}
