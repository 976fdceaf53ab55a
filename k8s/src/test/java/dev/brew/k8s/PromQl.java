package dev.brew.k8s;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL to find the metric selectors in a dashboard's queries. */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)"
            + "\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    private PromQl() {
    }

    /** A metric named in a query, with the label matchers of its selector (label -> "op value"). */
    record Selector(String metric, Map<String, String> matchers) {
        /** The value of an exact {@code label="value"} matcher, or null. */
        String exact(String label) {
            String matcher = matchers.get(label);
            return matcher != null && matcher.startsWith("= ") ? matcher.substring(2) : null;
        }
    }

    static Set<Selector> selectors(String expression) {
        Set<Selector> selectors = new LinkedHashSet<>();
        String text = GROUPING.matcher(expression).replaceAll(" ")
                .replaceAll("\\[[^]]*]", " ");
        Matcher identifier = IDENTIFIER.matcher(text);
        int position = 0;
        while (identifier.find(position)) {
            String name = identifier.group();
            int after = identifier.end();
            int next = skipSpaces(text, after);
            position = after;
            if (next < text.length() && text.charAt(next) == '(') {
                continue; // a function or an aggregation
            }
            Map<String, String> matchers = new LinkedHashMap<>();
            if (next < text.length() && text.charAt(next) == '{') {
                int close = text.indexOf('}', next);
                Matcher m = MATCHER.matcher(text.substring(next + 1, close));
                while (m.find()) {
                    matchers.put(m.group(1), m.group(2) + " " + m.group(3));
                }
                position = close + 1;
            }
            boolean precededByDigit = identifier.start() > 0
                    && Character.isDigit(text.charAt(identifier.start() - 1));
            if (!KEYWORDS.contains(name.toLowerCase()) && !precededByDigit) {
                selectors.add(new Selector(name, matchers));
            }
        }
        return selectors;
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
