package dev.brew.member.domain;

import dev.brew.defaults.problem.Refusal;

/** The caller sent a value the member rules refuse; {@code field} is its JSON name. */
public class InvalidMemberInput extends Refusal {

    public InvalidMemberInput(String field, String message) {
        super(422, "invalid-member", field, message);
    }
}
