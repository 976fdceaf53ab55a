package dev.brew.defaults.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Whole-number request parameters, path variables and headers are plain decimal: {@code -?[0-9]+}. Spring's own
 * conversion also reads {@code 0x1F}, {@code #1F} and {@code 010} (octal), which no client of a JSON API means; here
 * they are refused like any other malformed number (a 400 problem naming the parameter).
 *
 * <p>Property editors rather than converters: when a converter refuses a value, Spring's data binder falls back to
 * its default number editor, which would accept the hexadecimal form after all. A custom editor is asked alone.
 */
@ControllerAdvice
public class DecimalNumberParameters {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    @InitBinder
    void decimalNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(int.class, new Decimal<>(Integer::valueOf, false));
        binder.registerCustomEditor(Integer.class, new Decimal<>(Integer::valueOf, true));
        binder.registerCustomEditor(long.class, new Decimal<>(Long::valueOf, false));
        binder.registerCustomEditor(Long.class, new Decimal<>(Long::valueOf, true));
        binder.registerCustomEditor(short.class, new Decimal<>(Short::valueOf, false));
        binder.registerCustomEditor(Short.class, new Decimal<>(Short::valueOf, true));
    }

    /** The text if it is decimal digits with an optional minus (no spaces); a {@link NumberFormatException} if not. */
    static String decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException("Not a decimal number: '" + text + "'");
        }
        return text;
    }

    private static final class Decimal<N extends Number> extends PropertyEditorSupport {

        private final Function<String, N> parse;
        private final boolean nullable;

        Decimal(Function<String, N> parse, boolean nullable) {
            this.parse = parse;
            this.nullable = nullable;
        }

        @Override
        public void setAsText(String text) {
            if (nullable && (text == null || text.isBlank())) {
                setValue(null);
                return;
            }
            // NumberFormatException is an IllegalArgumentException: the binder reports a type mismatch (400).
            setValue(parse.apply(decimal(text == null ? "" : text)));
        }

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value.toString();
        }
    }
}
