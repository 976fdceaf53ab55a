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
 * The whole journey across three screens, each its own browser profile, none ever reloaded: a customer's phone and
 * two barista counter screens.
 */
@Order(1)
@ExtendWith(BrewExtension.class)
class OrderJourneyTest {

    @Test
    void anOrderTravelsFromThePhoneToTheCounterAndBackLive(Brew brew) {
        String name = "손님" + System.nanoTime() % 1_000_000;
        try (BrowserContext phone = brew.phone(); BrowserContext counter = brew.counterScreen();
             BrowserContext secondCounter = brew.counterScreen()) {
            CustomerPage customer = new CustomerPage(brew.open(phone, "/"));
            customer.signUp(name, "latte-lover-42");
            brew.screenshots().take(customer.page(), "customer-signed-up");

            BaristaPage barista = new BaristaPage(brew.open(counter, "/barista.html"))
                    .signIn("barista", brew.baristaPassword());
            BaristaPage secondBarista = new BaristaPage(brew.open(secondCounter, "/barista.html"))
                    .signIn("barista", brew.baristaPassword());
            List<Page> screens = List.of(customer.page(), barista.page(), secondBarista.page());
            // A mark in each window: still there at the end means no screen was reloaded.
            screens.forEach(page -> page.evaluate("window.__e2eNoReload = true"));

            // Two lattes: add one, then + in the cart.
            assertThat(customer.menuItem("CAFE_LATTE")).containsText("카페 라떼");
            assertThat(customer.menuItem("CAFE_LATTE")).containsText("₩5,000");
            customer.add("CAFE_LATTE");
            customer.more("CAFE_LATTE");
            assertThat(customer.cartLine("CAFE_LATTE").locator("output")).hasText("2");
            assertThat(customer.total()).hasText("₩10,000");
            brew.screenshots().take(customer.page(), "customer-cart-two-lattes");

            int first = customer.order();
            assertThat(customer.card(first).locator(".status")).hasText("주문 접수");

            // Both counter screens show it, without a reload, the items large enough to read out.
            assertThat(barista.ticket(first)).containsText("#" + first);
            assertThat(barista.ticket(first)).containsText("카페 라떼 × 2");
            assertThat(barista.ticket(first)).containsText(name);
            assertThat(secondBarista.ticket(first)).isVisible();
            brew.screenshots().take(barista.page(), "barista-sees-new-order");

            // The counter steps (ADR 0900): each one moves the ticket on both screens and the customer's card.
            barista.accept(first);
            assertThat(secondBarista.ticket(first, "ACCEPTED")).isVisible();
            assertThat(customer.card(first)).hasAttribute("data-status", "ACCEPTED");
            assertThat(customer.card(first).locator("button.cancel")).hasCount(0);
            barista.ready(first);
            assertThat(secondBarista.ticket(first, "READY")).isVisible();
            assertThat(customer.card(first)).hasAttribute("data-status", "READY");
            assertThat(customer.notice()).containsText("주문 #" + first + " 음료가 준비되었습니다");
            brew.screenshots().take(customer.page(), "customer-order-ready");
            barista.pickedUp(first);
            assertThat(barista.ticket(first)).hasCount(0);
            assertThat(secondBarista.ticket(first)).hasCount(0);
            assertThat(customer.card(first)).hasAttribute("data-status", "PICKED_UP");
            assertThat(customer.card(first).locator(".status")).hasText("픽업 완료");
            brew.screenshots().take(secondBarista.page(), "second-barista-order-gone");

            // A second order, cancelled by the customer while still ORDERED, leaves both queues.
            customer.add("AMERICANO");
            int second = customer.order();
            assertThat(barista.ticket(second)).containsText("아메리카노 × 1");
            assertThat(secondBarista.ticket(second)).isVisible();
            brew.screenshots().take(barista.page(), "barista-second-order");
            customer.cancel(second);
            assertThat(customer.card(second)).hasAttribute("data-status", "CANCELLED");
            assertThat(barista.ticket(second)).hasCount(0);
            assertThat(secondBarista.ticket(second)).hasCount(0);
            assertThat(customer.card(second).locator("button.cancel")).hasCount(0);
            assertThat(customer.card(first)).hasAttribute("data-status", "PICKED_UP");
            brew.screenshots().take(customer.page(), "customer-second-order-cancelled");

            for (Page page : screens) {
                assertThat(page.evaluate("window.__e2eNoReload === true")).as("not reloaded: %s", page.url())
                        .isEqualTo(true);
                PageErrors.assertNone(page);
            }
        }
    }
}
