package dev.brew.member.domain;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;

/** Who may read a member: the member themself, baristas and operators (command-service asks with their token). */
public class MemberDirectory {

    private final Members members;

    public MemberDirectory(Members members) {
        this.members = members;
    }

    public Member read(Requester requester, String id) {
        boolean staff = requester.has(Role.BARISTA) || requester.has(Role.OPERATOR);
        if (!staff && !requester.memberId().equals(id)) {
            throw new MemberReadForbidden();
        }
        return members.byId(id).orElseThrow(() -> new MemberNotFound(id));
    }
}
