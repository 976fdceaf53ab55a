package dev.brew.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.brew.e2e.pages.BaristaPage;
import dev.brew.e2e.pages.CustomerPage;
import dev.brew.e2e.support.Brew;
import dev.brew.e2e.support.BrewExtension;
import dev.brew.e2e.support.PageErrors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Venti iced oat latte with an extra shot, from the menu card (price following each choice), its place in the
 * queue and estimated ready time while it waits, through the counter's three columns to picked up, then back as
 * "your usual" with its options; then an order nobody accepts, which expires on every screen by itself (the stack runs
 * with a short accept timeout, see {@link Brew}).
 */
@Order(2)
@ExtendWith(BrewExtension.class)
public class DrinkOptionsJourneyTest {

    /** The e2e stack's accept timeout (10 minutes in production). */
    public static final int ACCEPT_TIMEOUT_SECONDS = 90;
    /** Wraps the browser's Notification so the test sees what the page showed (the real one is still shown). */
    static final String RECORD_NOTIFICATIONS = """
            window.__brewNotifications = [];
            if ('Notification' in window) {
              const Real = window.Notification;
              class Recorded extends Real {
                constructor(title, options) {
                  window.__brewNotifications.push(options?.body ?? title);
                  super(title, options);
                }
              }
              Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
              Recorded.requestPermission = (...args) => Real.requestPermission(...args);
              window.Notification = Recorded;
            }
            """;
    static final com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions SLOW =
            new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    @Test
    void aVentiIcedOatLatteWithAnExtraShotGoesThroughTheCounterAndAnUnacceptedOrderExpires(Brew brew) {
        String name = "옵션" + System.nanoTime() % 1_000_000;
        try (BrowserContext phone = brew.phone(); BrowserContext counter = brew.counterScreen()) {
            // The customer allows notifications; the page's system notifications are recorded as they are shown.
            phone.grantPermissions(List.of("notifications"));
            phone.addInitScript(RECORD_NOTIFICATIONS);
            CustomerPage customer = new CustomerPage(brew.open(phone, "/"));
            customer.signUp(name, "venti-iced-oat-7");
            BaristaPage barista = new BaristaPage(brew.open(counter, "/barista.html"))
                    .signIn("barista", brew.baristaPassword());

            // The price follows each choice: 5,000 + Venti 1,000 + one shot 500 + oat 600.
            assertThat(customer.price("CAFE_LATTE")).containsText("₩5,000");
            customer.option("CAFE_LATTE", "size", "VENTI");
            assertThat(customer.price("CAFE_LATTE")).containsText("₩6,000");
            customer.option("CAFE_LATTE", "temperature", "ICED");
            customer.option("CAFE_LATTE", "extraShots", "1");
            customer.option("CAFE_LATTE", "milk", "OAT");
            assertThat(customer.price("CAFE_LATTE")).containsText("₩7,100");
            // Cold brew comes iced only: there is nothing to choose.
            assertThat(customer.menuItem("COLD_BREW").locator("select[name=\"temperature\"]")).hasCount(0);
            brew.screenshots().take(customer.page(), "customer-options");
            customer.add("CAFE_LATTE");
            assertThat(customer.cartLine("CAFE_LATTE")).containsText("벤티 · 아이스 · 샷 +1 · 오트");
            assertThat(customer.total()).hasText("₩7,100");

            int latte = customer.order();
            assertThat(customer.card(latte)).containsText("벤티 · 아이스 · 샷 +1 · 오트");
            // While it waits: its place in the queue and when it should be ready (ADR 0903).
            assertThat(customer.queueWait(latte)).isVisible(SLOW);
            assertThat(customer.queueWait(latte)).containsText("번째");
            assertThat(customer.queueWait(latte)).containsText("분 후");
            assertThat(Integer.parseInt(customer.queueWait(latte).getAttribute("data-position"))).isPositive();
            brew.screenshots().take(customer.page(), "customer-queue-wait");
            brew.screenshots().forDocs(customer.card(latte), "customer-queue-wait");
            assertThat(barista.ticket(latte, "ORDERED")).containsText("벤티 · 아이스 · 샷 +1 · 오트");
            assertThat(barista.ticket(latte, "ORDERED").locator(".waited")).hasAttribute("data-level", "ok");

            barista.accept(latte);
            assertThat(customer.card(latte)).hasAttribute("data-status", "ACCEPTED");
            assertThat(customer.queueWait(latte)).hasCount(0);
            brew.screenshots().take(barista.page(), "barista-columns");
            barista.ready(latte);
            assertThat(customer.card(latte)).hasAttribute("data-status", "READY");
            assertThat(customer.notice()).containsText("음료가 준비되었습니다");
            assertThat(customer.notice()).hasClass(java.util.regex.Pattern.compile("is-ready"));
            assertThat(customer.page().evaluate("window.__brewChimes ?? 0")).as("the chime played")
                    .isNotEqualTo(0);
            assertThat(customer.page().evaluate("window.__brewNotifications.join('|')").toString())
                    .as("a system notification, the customer having allowed them").contains("준비되었습니다");
            brew.screenshots().take(customer.page(), "customer-ready-notice");
            barista.pickedUp(latte);
            assertThat(customer.card(latte)).hasAttribute("data-status", "PICKED_UP");

            // "Your usual" is now that latte, made that way: one tap puts it in the cart with its options.
            assertThat(customer.usual()).containsText("벤티 · 아이스 · 샷 +1 · 오트",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
            customer.usual().click();
            assertThat(customer.cartLine("CAFE_LATTE")).containsText("벤티 · 아이스 · 샷 +1 · 오트");
            assertThat(customer.total()).hasText("₩7,100");
            brew.screenshots().take(customer.page(), "customer-usual-with-options");
            customer.remove("CAFE_LATTE");
            assertThat(customer.cartLine("CAFE_LATTE")).hasCount(0);

            // Order again: the same drink, made the same way, back in the cart.
            customer.orderAgain(latte);
            assertThat(customer.cartLine("CAFE_LATTE")).containsText("벤티 · 아이스 · 샷 +1 · 오트");
            assertThat(customer.total()).hasText("₩7,100");

            // Rejected with a reason, shown to the customer.
            int rejected = customer.order();
            assertThat(barista.ticket(rejected, "ORDERED")).isVisible();
            barista.reject(rejected, "오트 우유가 떨어졌습니다");
            assertThat(customer.card(rejected)).hasAttribute("data-status", "REJECTED");
            assertThat(customer.card(rejected)).containsText("오트 우유가 떨어졌습니다");

            // Nobody accepts this one: it expires by itself, on the phone and off the counter.
            customer.add("AMERICANO");
            int unattended = customer.order();
            assertThat(barista.ticket(unattended, "ORDERED")).isVisible();
            assertThat(customer.card(unattended)).hasAttribute("data-status", "EXPIRED",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                            .setTimeout((ACCEPT_TIMEOUT_SECONDS + 90) * 1000.0));
            assertThat(barista.ticket(unattended)).hasCount(0);
            assertThat(customer.card(unattended).locator(".status")).hasText("시간 만료");

            for (Page page : List.of(customer.page(), barista.page())) {
                PageErrors.assertNone(page);
            }
        }
    }
}
