package dev.brew.command.domain;

import dev.brew.defaults.problem.Refusal;

/**
 * A rule of the order domain refused a command. Each kind carries its own problem answer (ADR 0009), which the shared
 * advice sends as it is.
 */
public abstract sealed class OrderRejected extends Refusal
        permits InvalidOrder, OrderNotOpen, OrderActionForbidden, OrderHidden, IdempotencyKeyReused,
        UnknownMember {

    protected OrderRejected(int status, String code, String field, String message) {
        super(status, code, field, message);
    }
}
