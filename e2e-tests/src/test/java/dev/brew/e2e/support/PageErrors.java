package dev.brew.e2e.support;

import com.microsoft.playwright.Page;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page reported that it must not: uncaught script errors and Content-Security-Policy refusals (an inline
 * script, style or handler the gateway's self-only policy blocks). Failed requests (a 409, a 503 while a service is
 * down) are expected in some tests and are not counted.
 */
public final class PageErrors {

    private static final Map<Page, List<String>> ERRORS = new ConcurrentHashMap<>();

    private PageErrors() {
    }

    static void watch(Page page) {
        List<String> errors = new CopyOnWriteArrayList<>();
        ERRORS.put(page, errors);
        page.onPageError(error -> errors.add("script error: " + error));
        page.onConsoleMessage(message -> {
            String text = message.text();
            if ("error".equals(message.type()) && (text.contains("Content Security Policy")
                    || text.contains("Refused to"))) {
                errors.add("CSP: " + text);
            }
        });
        page.onClose(closed -> ERRORS.remove(closed));
    }

    public static void assertNone(Page page) {
        assertThat(ERRORS.getOrDefault(page, List.of())).as("errors reported by %s", page.url()).isEmpty();
    }
}
