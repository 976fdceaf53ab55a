package dev.brew.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The barista's counter screen ({@code /barista.html}). */
public final class BaristaPage {

    private final Page page;

    public BaristaPage(Page page) {
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public BaristaPage signIn(String name, String password) {
        page.locator("#auth-name").fill(name);
        page.locator("#auth-password").fill(password);
        page.locator("#sign-in").click();
        assertThat(page.locator("#app")).isVisible();
        assertThat(connection()).hasAttribute("data-state", "connected");
        return this;
    }

    public Locator ticket(int number) {
        return page.locator("#queue .ticket[data-order-number=\"" + number + "\"]");
    }

    public void complete(int number) {
        ticket(number).locator("button.complete").click();
    }

    public Locator connection() {
        return page.locator("#connection");
    }
}
