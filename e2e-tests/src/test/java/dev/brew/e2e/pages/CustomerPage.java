package dev.brew.e2e.pages;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The customer page ({@code /}), driven as a person would: by the labels and buttons on screen. */
public final class CustomerPage {

    private final Page page;

    public CustomerPage(Page page) {
        this.page = page;
    }

    public Page page() {
        return page;
    }

    public CustomerPage signUp(String name, String password) {
        page.locator("#auth-name").fill(name);
        page.locator("#auth-password").fill(password);
        page.locator("#sign-up").click();
        assertThat(page.locator("#app")).isVisible();
        assertThat(page.locator("#who")).containsText(name);
        return this;
    }

    public Locator menuItem(String code) {
        return page.locator(".menu-item[data-code=\"" + code + "\"]");
    }

    public void add(String code) {
        menuItem(code).locator("button.add").click();
    }

    /** Picks one option on a drink's menu card before adding it (field: size, temperature, extraShots, milk, syrup). */
    public void option(String code, String field, String value) {
        menuItem(code).locator("select[name=\"" + field + "\"]").selectOption(value);
    }

    public Locator price(String code) {
        return menuItem(code).locator(".price");
    }

    public Locator cartLine(String code) {
        return page.locator("#cart-lines .cart-line[data-code=\"" + code + "\"]");
    }

    public void more(String code) {
        cartLine(code).locator("button.more").click();
    }

    public Locator total() {
        return page.locator("#cart-total");
    }

    public Locator orderButton() {
        return page.locator("#order-button");
    }

    public Locator cards() {
        return page.locator("#orders .order-card");
    }

    /**
     * Presses Order and returns the new order's number, once its card is on screen and the cart is empty. If the
     * page reports a failure that it offers to retry (the first order after a cold start can outlast the gateway's
     * 5 s timeout on a small machine), presses it again, as a person would: the page then reuses the same
     * Idempotency-Key, so a retry can never make a second order.
     */
    public int order() {
        Set<String> before = numbers();
        for (int attempt = 1; ; attempt++) {
            orderButton().click();
            page.waitForCondition(() -> cards().count() > before.size() || !error().textContent().isBlank(),
                    new Page.WaitForConditionOptions().setTimeout(30_000));
            if (cards().count() > before.size() || attempt == 3) {
                return awaitNewOrder(before);
            }
            System.out.printf("Order attempt %d failed (%s); retrying with the same key%n", attempt,
                    error().textContent());
            assertThat(orderButton()).isEnabled();
        }
    }

    public Locator error() {
        return page.locator("#order-error");
    }

    /** The order numbers shown now. */
    public Set<String> numbers() {
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) cards().evaluateAll("cards => cards.map(c => c.dataset.orderNumber)");
        return new HashSet<>(shown);
    }

    public int awaitNewOrder(Set<String> before) {
        assertThat(cards()).hasCount(before.size() + 1);
        assertThat(page.locator("#cart-lines .cart-line")).hasCount(0);
        Set<String> now = numbers();
        now.removeAll(before);
        return Integer.parseInt(now.iterator().next());
    }

    public Locator card(int number) {
        return page.locator("#orders .order-card[data-order-number=\"" + number + "\"]");
    }

    /** The queue position and estimated ready time on an ORDERED order's card. */
    public Locator queueWait(int number) {
        return card(number).locator(".queue-wait");
    }

    /** The one-tap "your usual" suggestion (loyalty-service). */
    public Locator usual() {
        return page.locator("#suggestion-list button.suggestion[data-kind=\"usual\"]");
    }

    public void remove(String code) {
        cartLine(code).locator("button.remove").click();
    }

    public void orderAgain(int number) {
        card(number).locator("button.again").click();
    }

    public void cancel(int number) {
        card(number).locator("button.cancel").click();
    }

    public Locator notice() {
        return page.locator("#order-notice");
    }

    public Locator connection() {
        return page.locator("#connection");
    }
}
