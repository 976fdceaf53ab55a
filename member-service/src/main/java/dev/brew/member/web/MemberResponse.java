package dev.brew.member.web;

import dev.brew.member.domain.Member;

import java.util.List;

/** A member as the API shows it: never the password hash. */
public record MemberResponse(String id, String name, List<String> roles) {

    static MemberResponse of(Member member) {
        return new MemberResponse(member.id(), member.name(), List.of(member.role().name()));
    }
}
