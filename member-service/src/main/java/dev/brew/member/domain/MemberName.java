package dev.brew.member.domain;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for a member's name. A name is trimmed and put in Unicode NFC form, so that what looks the same is the
 * same; it is 1 to 40 characters (code points) and has no control or line-separator characters (they would let one
 * name impersonate another on the barista's screen, or break logs). Uniqueness ignores case: the key is the NFKC,
 * lower-cased form, so "Ann", "ANN" and "Ａｎｎ" (full-width) are one name.
 *
 * <p>A name must also look like what it is, so that nobody shows up as {@code operator} on the barista's screen:
 * no invisible characters (format characters such as zero-width spaces and joiners, fillers that render blank,
 * variation selectors except an emoji's, spaces other than the plain one, two spaces in a row, stacks of combining
 * marks), and letters of one script, or of one of the mixes Unicode's "highly restrictive" profile (UTS #39) allows
 * — Latin with Han and Japanese kana, with Han and Hangul, or with Han and Bopomofo — so a Cyrillic "о" inside a
 * Latin name is refused; digits from one numbering system. Java's own Unicode tables suffice for these rules, so no
 * confusables table (ICU) is shipped.
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
        checkLooksLikeItself(name);
        return name;
    }

    private static final List<Set<Character.UnicodeScript>> ALLOWED_MIXES = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO));

    private static void checkLooksLikeItself(String name) {
        int[] points = name.codePoints().toArray();
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        int digitZero = -1;
        int marksInARow = 0;
        for (int i = 0; i < points.length; i++) {
            int cp = points[i];
            int type = Character.getType(cp);
            boolean previousIsSymbol = i > 0 && Character.getType(points[i - 1]) == Character.OTHER_SYMBOL;
            if (invisible(cp, type, previousIsSymbol) || (cp == ' ' && i > 0 && points[i - 1] == ' ')) {
                throw new InvalidMemberInput("name", "name must not contain invisible characters, spaces other "
                        + "than one plain space, or characters that render blank");
            }
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            marksInARow = mark ? marksInARow + 1 : 0;
            if (marksInARow > 2) {
                throw new InvalidMemberInput("name", "name must not stack more than two combining marks");
            }
            if (type == Character.DECIMAL_DIGIT_NUMBER) {
                int zero = cp - Character.getNumericValue(cp);
                if (digitZero >= 0 && zero != digitZero) {
                    throw new InvalidMemberInput("name", "name must not mix digits of different numbering systems");
                }
                digitZero = zero;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED) {
                scripts.add(script);
            }
        }
        if (scripts.size() > 1 && ALLOWED_MIXES.stream().noneMatch(mix -> mix.containsAll(scripts))) {
            throw new InvalidMemberInput("name", "name must not mix letters of different scripts " + scripts
                    + " (such as a Cyrillic letter that looks Latin)");
        }
    }

    private static boolean invisible(int cp, int type, boolean afterSymbol) {
        return type == Character.FORMAT // zero-width space and joiners, soft hyphen, word joiner, BOM, tags ...
                || (type == Character.SPACE_SEPARATOR && cp != ' ')
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers
                || cp == 0x2800 // braille blank
                || cp == 0x034F || cp == 0x17B4 || cp == 0x17B5 // combining grapheme joiner, Khmer inherent vowels
                || (cp >= 0x180B && cp <= 0x180F) // Mongolian variation selectors
                || (cp >= 0xFE00 && cp <= 0xFE0E) || (cp == 0xFE0F && !afterSymbol) // variation selectors
                || (cp >= 0xE0100 && cp <= 0xE01EF);
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
