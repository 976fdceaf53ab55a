package dev.brew.member.domain;

import dev.brew.defaults.problem.Refusal;

public class MemberNotFound extends Refusal {

    public MemberNotFound(String id) {
        super(404, "member-not-found", "No member with id " + id);
    }
}
