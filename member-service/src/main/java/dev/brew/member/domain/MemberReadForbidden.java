package dev.brew.member.domain;

/** A member asked for someone else. Decided before any lookup, so it never tells whether that member exists. */
public class MemberReadForbidden extends RuntimeException {

    public MemberReadForbidden() {
        super("Only the member themself, a barista or an operator may read a member", null, false, false);
    }
}
