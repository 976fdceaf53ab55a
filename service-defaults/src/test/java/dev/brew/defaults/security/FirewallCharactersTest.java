package dev.brew.defaults.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop allows exactly what Spring Security's default firewall patterns allow, code point by code point. */
class FirewallCharactersTest {

    /** {@code StrictHttpFirewall}'s own patterns (spring-security-web 6.5). */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern HEADER_VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void every_code_point_alone_is_judged_as_springs_patterns_judge_it() {
        int allowed = 0;
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String value = Character.toString(codePoint);
            boolean name = NAMES.matcher(value).matches();
            assertThat(FirewallCharacters.assignedAndNotControl(value)).as("U+%04X in a name", codePoint)
                    .isEqualTo(name);
            assertThat(FirewallCharacters.headerValue(value)).as("U+%04X in a header value", codePoint)
                    .isEqualTo(HEADER_VALUES.matcher(value).matches());
            allowed += name ? 1 : 0;
        }
        assertThat(allowed).as("most code points are assigned and not control characters").isGreaterThan(250_000);
    }

    @Test
    void whole_values_are_judged_as_springs_patterns_judge_them() {
        List<String> values = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtLTEifQ.c2ln", "a\tb", "a\nb",
                "caf\u00e9 \ud83d\ude00", "lone \ud83d high", "lone \ude00 low", "\ude00\ud83d", "x\u0000", "\u007f",
                "\u0085", "\u0378 unassigned", "end\t");
        for (String value : values) {
            assertThat(FirewallCharacters.assignedAndNotControl(value)).as("name %s", value)
                    .isEqualTo(NAMES.matcher(value).matches());
            assertThat(FirewallCharacters.headerValue(value)).as("header value %s", value)
                    .isEqualTo(HEADER_VALUES.matcher(value).matches());
        }
    }
}
