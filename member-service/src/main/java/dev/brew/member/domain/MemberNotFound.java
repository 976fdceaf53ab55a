package dev.brew.member.domain;

public class MemberNotFound extends RuntimeException {

    public MemberNotFound(String id) {
        super("No member with id " + id, null, false, false);
    }
}
