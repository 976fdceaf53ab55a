package dev.brew.command.domain;

/**
 * The member directory does not know who places the order. Refused before the key or a number is used; the web
 * layer may then learn a member who signed up a moment ago from member-service and send the order once more (422).
 */
public final class UnknownMember extends OrderRejected {

    public UnknownMember(String memberId) {
        super(422, "unknown-member", "member", "Unknown member '" + memberId + "'");
    }
}
