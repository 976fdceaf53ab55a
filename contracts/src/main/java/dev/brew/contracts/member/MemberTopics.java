package dev.brew.contracts.member;

/** Where member events travel between services. */
public final class MemberTopics {

    /** Every member event, keyed by member id. */
    public static final String MEMBER_EVENTS = "brew.member-events";

    private MemberTopics() {
    }
}
