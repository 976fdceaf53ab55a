package dev.brew.member.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The rules for a member's name. A name is trimmed and put in Unicode NFC form, so that what looks the same is the
 * same; it is 1 to 40 characters (code points) and has no control or line-separator characters (they would let one
 * name impersonate another on the barista's screen, or break logs). Uniqueness ignores case: the key is the NFKC,
 * lower-cased form, so "Ann", "ANN" and "Ａｎｎ" (full-width) are one name.
 */
public final class MemberName {

    public static final int MAX_LENGTH = 40;

    private MemberName() {
    }

    /** The name to store and show, or {@link InvalidMemberInput} naming the field {@code name}. */
    public static String parse(String raw) {
        if (raw == null) {
            throw new InvalidMemberInput("name", "name is required");
        }
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        int length = name.codePointCount(0, name.length());
        if (length == 0) {
            throw new InvalidMemberInput("name", "name must not be empty");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidMemberInput("name", "name must be at most " + MAX_LENGTH + " characters");
        }
        if (name.codePoints().anyMatch(MemberName::forbidden)) {
            throw new InvalidMemberInput("name", "name must not contain control characters");
        }
        return name;
    }

    /** The case-insensitive identity of a name; also used to look a name up at sign-in, where it is not validated. */
    public static String key(String name) {
        return Normalizer.normalize(name.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE
                // Bidirectional overrides and isolates can make a name display as another one.
                || (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
    }
}
