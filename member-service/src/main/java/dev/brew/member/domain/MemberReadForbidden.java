package dev.brew.member.domain;

import dev.brew.defaults.problem.Refusal;

/** A member asked for someone else. Decided before any lookup, so it never tells whether that member exists. */
public class MemberReadForbidden extends Refusal {

    public MemberReadForbidden() {
        super(403, "forbidden", "Only the member themself, a barista or an operator may read a member");
    }
}
