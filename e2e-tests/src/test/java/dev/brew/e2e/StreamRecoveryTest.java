package dev.brew.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.brew.e2e.pages.BaristaPage;
import dev.brew.e2e.pages.CustomerPage;
import dev.brew.e2e.support.Brew;
import dev.brew.e2e.support.BrewExtension;
import dev.brew.e2e.support.PageErrors;
import dev.brew.stack.Part;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live screens survive query-service going away for real: they say so, keep working where they can, and come
 * back by themselves with nothing missed and nothing doubled.
 */
@Order(4)
@ExtendWith(BrewExtension.class)
class StreamRecoveryTest {

    /** Stopping and starting a service takes a while on a small machine. */
    private static final LocatorAssertions.HasAttributeOptions SLOW =
            new LocatorAssertions.HasAttributeOptions().setTimeout(180_000);

    @Test
    void theCounterScreenReconnectsByItselfAndShowsAnOrderPlacedMeanwhileOnce(Brew brew) {
        assumeTrue(brew.ownsStack(), "stops a service: needs the stack this run started");
        try (BrowserContext phone = brew.phone(); BrowserContext counter = brew.counterScreen()) {
            CustomerPage customer = new CustomerPage(brew.open(phone, "/"));
            customer.signUp("재연결" + System.nanoTime() % 1_000_000, "reconnect-me-1");
            BaristaPage barista = new BaristaPage(brew.open(counter, "/barista.html"))
                    .signIn("barista", brew.baristaPassword());
            barista.page().evaluate("window.__e2eNoReload = true");
            assertThat(customer.connection()).hasAttribute("data-state", "connected");

            brew.stop(Part.QUERY_SERVICE);
            try {
                assertThat(barista.connection()).hasAttribute("data-state", "reconnecting", SLOW);
                assertThat(barista.connection()).containsText("다시 연결 중");
                // Ordering does not need the query side: the command side takes it at once.
                customer.add("CAPPUCCINO");
                customer.more("CAPPUCCINO");
                int number = customer.order();
                brew.screenshots().take(barista.page(), "barista-reconnecting");
                assertThat(barista.ticket(number)).hasCount(0);
            } finally {
                brew.start(Part.QUERY_SERVICE);
            }

            assertThat(barista.connection()).hasAttribute("data-state", "connected", SLOW);
            assertThat(barista.connection()).containsText("실시간 연결됨");
            int number = Integer.parseInt(customer.numbers().iterator().next());
            assertThat(barista.ticket(number)).hasCount(1);
            assertThat(barista.ticket(number)).containsText("카푸치노 × 2");
            assertThat(customer.connection()).hasAttribute("data-state", "connected", SLOW);
            assertThat(customer.card(number)).hasCount(1);
            brew.screenshots().take(barista.page(), "barista-reconnected");

            // Live again: completing it reaches the phone.
            barista.complete(number);
            assertThat(customer.card(number)).hasAttribute("data-status", "PICKED_UP");
            assertThat(barista.ticket(number)).hasCount(0);
            assertThat(barista.page().evaluate("window.__e2eNoReload === true")).isEqualTo(true);
            PageErrors.assertNone(barista.page());
            PageErrors.assertNone(customer.page());
        }
    }
}
