package dev.brew.member.domain;

import dev.brew.defaults.problem.Refusal;

/** Someone already has this name (in any letter case), or it is reserved for a seeded barista or operator. */
public class NameTaken extends Refusal {

    public NameTaken(String name) {
        super(409, "name-taken", "name", "The name '" + name + "' is already taken");
    }
}
