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

    /** The ticket in a column: ORDERED (New), ACCEPTED (In progress) or READY. */
    public Locator ticket(int number, String status) {
        return page.locator("#queue .queue[data-status=\"" + status + "\"] .ticket[data-order-number=\"" + number
                + "\"]");
    }

    public void accept(int number) {
        ticket(number, "ORDERED").locator("button.accept").click();
        assertThat(ticket(number, "ACCEPTED")).isVisible();
    }

    public void ready(int number) {
        ticket(number, "ACCEPTED").locator("button.ready").click();
        assertThat(ticket(number, "READY")).isVisible();
    }

    public void pickedUp(int number) {
        ticket(number, "READY").locator("button.picked-up").click();
        assertThat(ticket(number)).hasCount(0);
    }

    public void reject(int number, String reason) {
        ticket(number).locator("button.reject").click();
        ticket(number).locator("input.reason").fill(reason);
        ticket(number).locator("button.confirm-reject").click();
        assertThat(ticket(number)).hasCount(0);
    }

    /** The whole counter in turn: accept, ready, picked up (each step waits for the ticket to move). */
    public void complete(int number) {
        accept(number);
        ready(number);
        pickedUp(number);
    }

    public Locator connection() {
        return page.locator("#connection");
    }
}
