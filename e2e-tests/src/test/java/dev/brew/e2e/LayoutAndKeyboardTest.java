package dev.brew.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.brew.e2e.pages.BaristaPage;
import dev.brew.e2e.pages.CustomerPage;
import dev.brew.e2e.pages.OperatorPage;
import dev.brew.e2e.support.Brew;
import dev.brew.e2e.support.BrewExtension;
import dev.brew.e2e.support.PageErrors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Accessibility the pages promise: ordering with the keyboard alone, no sideways scrolling, both languages. */
@Order(3)
@ExtendWith(BrewExtension.class)
class LayoutAndKeyboardTest {

    private static final int MAX_TABS = 80;

    @Test
    void aCustomerCanSignUpAndOrderWithTheKeyboardAlone(Brew brew) {
        try (BrowserContext phone = brew.phone()) {
            Page page = brew.open(phone, "/");
            CustomerPage customer = new CustomerPage(page);

            tabTo(page, "#auth-name");
            page.keyboard().type("키보드" + System.nanoTime() % 1_000_000);
            page.keyboard().press("Tab");
            assertFocused(page, "#auth-password");
            page.keyboard().type("keyboard-only-1");
            tabTo(page, "#sign-up");
            page.keyboard().press("Enter");
            assertThat(page.locator("#app")).isVisible();

            tabTo(page, ".menu-item[data-code=\"VANILLA_LATTE\"] button.add");
            assertFocusVisible(page);
            page.keyboard().press("Enter");
            tabTo(page, ".cart-line[data-code=\"VANILLA_LATTE\"] button.more");
            page.keyboard().press("Enter");
            page.keyboard().press("Enter");
            assertThat(customer.cartLine("VANILLA_LATTE").locator("output")).hasText("3");
            // Focus stays on + while the cart redraws, so Enter can be pressed again and again.
            assertFocused(page, ".cart-line[data-code=\"VANILLA_LATTE\"] button.more");
            assertThat(customer.total()).hasText("₩16,500");
            tabTo(page, "#order-button");
            brew.screenshots().take(page, "keyboard-order-focused");
            Set<String> before = customer.numbers();
            page.keyboard().press("Enter");
            int number = customer.awaitNewOrder(before);
            assertThat(customer.card(number)).containsText("바닐라 라떼 × 3");

            // The cancel button is reachable too.
            tabTo(page, "#orders .order-card[data-order-number=\"" + number + "\"] button.cancel");
            page.keyboard().press("Enter");
            assertThat(customer.card(number)).hasAttribute("data-status", "CANCELLED");
            PageErrors.assertNone(page);
        }
    }

    @Test
    void noPageScrollsSidewaysFrom360To1920PixelsWide(Brew brew) {
        try (BrowserContext phone = brew.newContext(360, 740); BrowserContext counter = brew.newContext(360, 740);
             BrowserContext office = brew.newContext(360, 740)) {
            CustomerPage customer = new CustomerPage(brew.open(phone, "/"));
            assertNoSidewaysScroll(customer.page(), "customer sign-in");
            customer.signUp("아주긴이름을가진손님" + System.nanoTime() % 1_000_000, "wide-and-narrow-1");
            customer.add("CARAMEL_MACCHIATO");
            customer.add("GREEN_TEA_LATTE");
            customer.order();
            customer.add("HOT_CHOCOLATE");
            BaristaPage barista = new BaristaPage(brew.open(counter, "/barista.html"))
                    .signIn("barista", brew.baristaPassword());
            OperatorPage operator = new OperatorPage(brew.open(office, "/operator.html"))
                    .signIn("operator", brew.operatorPassword());
            assertThat(operator.health("query-service")).hasAttribute("data-status", "UP");

            for (int width : new int[]{360, 768, 1920}) {
                for (Page page : new Page[]{customer.page(), barista.page(), operator.page()}) {
                    page.setViewportSize(width, width == 1920 ? 1080 : 800);
                    assertNoSidewaysScroll(page, page.url() + " at " + width + " px");
                }
                if (width != 768) {
                    brew.screenshots().take(customer.page(), "customer-" + width + "px");
                    brew.screenshots().take(barista.page(), "barista-" + width + "px");
                }
            }
            brew.screenshots().take(operator.page(), "operator-1920px");
        }
    }

    @Test
    void theLanguageSwitchesToEnglishAndIsRemembered(Brew brew) {
        try (BrowserContext phone = brew.phone()) {
            Page page = brew.open(phone, "/");
            assertThat(page.locator("html")).hasAttribute("lang", "ko");
            page.locator("#lang-switch").click();
            assertThat(page.locator("html")).hasAttribute("lang", "en");
            assertThat(page.getByLabel("Password")).isVisible();
            new CustomerPage(page).signUp("English" + System.nanoTime() % 1_000_000, "speaks-english-1");
            assertThat(page.locator(".menu-item[data-code=\"CAFE_LATTE\"]")).containsText("Caffè Latte");
            assertThat(page.locator("#lang-switch")).hasText("한국어");

            page.reload();
            assertThat(page.locator("html")).hasAttribute("lang", "en");
            assertThat(page.locator("#orders-heading")).hasText("My orders");
            brew.screenshots().take(page, "customer-english");
            page.locator("#lang-switch").click();
            assertThat(page.locator("html")).hasAttribute("lang", "ko");
            assertThat(page.locator("#orders-heading")).hasText("내 주문");
            PageErrors.assertNone(page);
        }
    }

    private static void tabTo(Page page, String selector) {
        for (int i = 0; i < MAX_TABS; i++) {
            if (focused(page, selector)) {
                return;
            }
            page.keyboard().press("Tab");
        }
        fail("%s is not reachable with Tab (%d presses)", selector, MAX_TABS);
    }

    private static boolean focused(Page page, String selector) {
        return (Boolean) page.evaluate("s => document.activeElement?.matches(s) ?? false", selector);
    }

    private static void assertFocused(Page page, String selector) {
        assertThat(focused(page, selector)).as("focus on %s", selector).isTrue();
    }

    private static void assertFocusVisible(Page page) {
        Object outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                + " return s.outlineStyle + ' ' + s.outlineWidth; }");
        assertThat(String.valueOf(outline)).as("the focused element's outline").startsWith("solid").doesNotEndWith(" 0px");
    }

    private static void assertNoSidewaysScroll(Page page, String what) {
        Object fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
        assertThat(fits).as("no horizontal scroll: %s", what).isEqualTo(true);
    }
}
