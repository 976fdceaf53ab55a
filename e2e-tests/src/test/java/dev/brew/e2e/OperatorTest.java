package dev.brew.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.brew.e2e.pages.OperatorPage;
import dev.brew.e2e.support.Brew;
import dev.brew.e2e.support.BrewExtension;
import dev.brew.e2e.support.PageErrors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The operator sees every service's health and rebuilds the read model, watching the progress bar fill. */
@Order(2)
@ExtendWith(BrewExtension.class)
class OperatorTest {

    @Test
    void theOperatorReplaysTheEventsAndWatchesTheProgressReach100(Brew brew) {
        try (BrowserContext office = brew.counterScreen()) {
            OperatorPage operator = new OperatorPage(brew.open(office, "/operator.html"))
                    .signIn("operator", brew.operatorPassword());
            for (String service : new String[]{"api-gateway", "member-service", "command-service", "query-service"}) {
                assertThat(operator.health(service)).hasAttribute("data-status", "UP");
            }
            assertThat(operator.health("query-service")).hasText("정상");
            // The projection's parked events (dead letters): none on a healthy stack, so no retry button.
            assertThat(operator.page().locator("#parked-text")).hasText("보류된 이벤트: 0");
            assertThat(operator.page().locator("#parked-retry")).isHidden();

            operator.startReplay();
            // Until the bar is full or the page reports the replay failed (then the assertion below says why).
            operator.page().waitForCondition(() -> operator.progressValue() == 100
                            || operator.page().locator("#replay-error").textContent().contains("실패"),
                    new Page.WaitForConditionOptions().setTimeout(180_000));
            assertThat(operator.page().locator("#replay-error")).hasText("");
            assertThat(operator.progress()).hasJSProperty("value", 100);
            assertThat(operator.replayStatus()).containsText("완료");
            assertThat(operator.replayStatus()).containsText("(100%)");
            assertThat(operator.page().locator("#replay-start")).isEnabled();
            brew.screenshots().take(operator.page(), "operator-replay-done");
            PageErrors.assertNone(operator.page());
        }
    }
}
