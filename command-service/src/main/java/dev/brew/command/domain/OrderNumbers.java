package dev.brew.command.domain;

import java.time.Instant;

/** Hands out the short number a barista calls out: 1, 2, 3 ... starting again each business day. */
public interface OrderNumbers {

    int next(Instant placedAt);
}
