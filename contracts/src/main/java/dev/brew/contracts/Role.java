package dev.brew.contracts;

/** What a signed-in person may do. A JWT carries these in its {@code roles} claim. */
public enum Role {
    /** A customer: orders, cancels their own orders, watches their own orders. */
    MEMBER,
    /** Works the counter: sees the whole queue, completes orders. */
    BARISTA,
    /** Runs the system: replays, dashboards. */
    OPERATOR
}
