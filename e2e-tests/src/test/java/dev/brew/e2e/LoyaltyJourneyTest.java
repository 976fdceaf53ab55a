package dev.brew.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.brew.e2e.pages.BaristaPage;
import dev.brew.e2e.pages.CustomerPage;
import dev.brew.e2e.support.Brew;
import dev.brew.e2e.support.BrewExtension;
import dev.brew.e2e.support.PageErrors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Loyalty on the customer page: twelve drinks handed over fill the stamp card, the free-drink reward appears, and
 * applied to the next order it takes that drink off the price, on the phone and in the order the barista hands over.
 */
@Order(5)
@ExtendWith(BrewExtension.class)
class LoyaltyJourneyTest {

    // Stamps arrive through Kafka and loyalty-service, after the order's own screen update.
    static final LocatorAssertions.HasCountOptions PATIENT = new LocatorAssertions.HasCountOptions().setTimeout(30_000);

    @Test
    void theTwelfthStampEarnsAFreeDrinkThatTheNextOrderUses(Brew brew) {
        String name = "스탬프" + System.nanoTime() % 1_000_000;
        try (BrowserContext phone = brew.phone(); BrowserContext counter = brew.counterScreen()) {
            CustomerPage customer = new CustomerPage(brew.open(phone, "/"));
            customer.signUp(name, "stamp-collector-12");
            BaristaPage barista = new BaristaPage(brew.open(counter, "/barista.html"))
                    .signIn("barista", brew.baristaPassword());
            Locator progress = customer.page().locator("#stamp-progress");
            assertThat(progress).containsText("0/12");

            // Eleven lattes handed over: eleven stamps, no reward yet.
            customer.add("CAFE_LATTE");
            for (int i = 1; i < 11; i++) {
                customer.more("CAFE_LATTE");
            }
            int eleven = customer.order();
            barista.complete(eleven);
            assertThat(progress).containsText("11/12", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            Locator rewards = customer.page().locator("#rewards .reward");
            assertThat(rewards).hasCount(0);
            brew.screenshots().take(customer.page(), "loyalty-eleven-stamps");

            // The twelfth: a full card gives a free-drink reward.
            customer.add("AMERICANO");
            int twelfth = customer.order();
            barista.complete(twelfth);
            assertThat(rewards.and(customer.page().locator("[data-state=AVAILABLE]"))).hasCount(1, PATIENT);
            assertThat(progress).containsText("0/12");
            assertThat(progress).containsText("12");
            brew.screenshots().take(customer.page(), "loyalty-reward-earned");
            brew.screenshots().forDocs(customer.page().locator("#loyalty"), "loyalty-card-reward-earned");

            // The reward applied to a vanilla latte and an americano takes the dearer drink off.
            customer.add("VANILLA_LATTE");
            customer.add("AMERICANO");
            assertThat(customer.total()).hasText("₩10,000");
            rewards.first().locator("button.apply-reward").click();
            assertThat(customer.page().locator("#cart-discount")).hasText("−₩5,500");
            assertThat(customer.total()).hasText("₩4,500");
            brew.screenshots().take(customer.page(), "loyalty-reward-applied");
            brew.screenshots().forDocs(customer.page().locator(".side"), "loyalty-reward-applied-to-order");
            int free = customer.order();
            assertThat(customer.card(free)).containsText("₩4,500");
            assertThat(barista.ticket(free)).isVisible();

            barista.complete(free);
            assertThat(customer.card(free)).hasAttribute("data-status", "PICKED_UP");
            assertThat(customer.card(free)).containsText("₩4,500");
            // Used up; the paid americano is one more stamp.
            assertThat(customer.page().locator("#rewards .reward")).hasCount(0, PATIENT);
            assertThat(progress).containsText("1/12");
            brew.screenshots().take(customer.page(), "loyalty-reward-used");
            PageErrors.assertNone(customer.page());
        }
    }
}
