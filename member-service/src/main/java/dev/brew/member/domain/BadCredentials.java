package dev.brew.member.domain;

import dev.brew.defaults.problem.Refusal;

/** Unknown name or wrong password: deliberately one answer, so that sign-in does not tell which names exist. */
public class BadCredentials extends Refusal {

    public BadCredentials() {
        super(401, "bad-credentials", "The name or the password is wrong");
    }
}
