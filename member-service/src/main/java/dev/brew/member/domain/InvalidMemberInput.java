package dev.brew.member.domain;

/** The caller sent a value the member rules refuse; {@code field} is its JSON name. */
public class InvalidMemberInput extends RuntimeException {

    private final String field;

    public InvalidMemberInput(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
