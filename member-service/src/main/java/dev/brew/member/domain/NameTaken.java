package dev.brew.member.domain;

/** Someone already has this name (in any letter case), or it is reserved for a seeded barista or operator. */
public class NameTaken extends RuntimeException {

    public NameTaken(String name) {
        super("The name '" + name + "' is already taken", null, false, false);
    }
}
