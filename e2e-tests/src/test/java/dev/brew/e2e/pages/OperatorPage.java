package dev.brew.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The operator panel ({@code /operator.html}). */
public final class OperatorPage {

    private final Page page;

    public OperatorPage(Page page) {
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public OperatorPage signIn(String name, String password) {
        page.locator("#auth-name").fill(name);
        page.locator("#auth-password").fill(password);
        page.locator("#sign-in").click();
        assertThat(page.locator("#app")).isVisible();
        return this;
    }

    public Locator health(String service) {
        return page.locator("#health-rows tr[data-service=\"" + service + "\"] .health-status");
    }

    public void startReplay() {
        page.locator("#replay-start").click();
    }

    public Locator progress() {
        return page.locator("#replay-progress");
    }

    public int progressValue() {
        return ((Number) progress().evaluate("p => p.value")).intValue();
    }

    public Locator replayStatus() {
        return page.locator("#replay-status");
    }
}
