package dev.brew.defaults.security;

/**
 * The characters Spring Security's {@code StrictHttpFirewall} allows in header names and values and parameter names
 * by default, checked by a loop over the code points instead of its regular expressions
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, and for header values the same with a tab allowed): the same rule,
 * without {@code java.util.regex} matching every bearer token (~1 KB) code point by code point at each of the two
 * times a request's {@code Authorization} header is read — 8% of command-service's request threads (JFR, 30 orders/s;
 * docs/benchmarks.md entry 15).
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    /** Every code point assigned and none a control character: header and parameter names. */
    static boolean assignedAndNotControl(String value) {
        return allowed(value, false);
    }

    /** Every code point assigned and none a control character but a tab: header values. */
    static boolean headerValue(String value) {
        return allowed(value, true);
    }

    private static boolean allowed(String value, boolean tab) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint) && !(tab && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
