package dev.brew.command.web;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Drinks with options over HTTP: priced from the menu, and bad options refused naming the field. */
@CommandServiceTest
class DrinkOptionsTest {

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;

    @Test
    void the_menu_says_which_options_each_drink_takes_and_what_they_cost() {
        var menu = api.get("/api/menu", null).json();
        assertThat(menu.at("/options/sizes/VENTI").asLong()).isEqualTo(1000);
        assertThat(menu.at("/options/extraShot").asLong()).isEqualTo(500);
        assertThat(menu.at("/options/milks/OAT").asLong()).isEqualTo(600);
        var coldBrew = menu.get("items").findValues("code").stream().map(n -> n.asText()).toList()
                .indexOf("COLD_BREW");
        assertThat(menu.get("items").get(coldBrew).get("temperatures").toString()).isEqualTo("[\"ICED\"]");
    }

    @Test
    void a_venti_iced_oat_latte_with_an_extra_shot_is_priced_with_its_options() {
        String member = "member-" + UUID.randomUUID();
        Api.Response placed = api.placeOrder(Api.member(member), UUID.randomUUID().toString(), """
                {"items":[{"menuCode":"CAFE_LATTE","quantity":1,
                  "options":{"size":"VENTI","temperature":"ICED","extraShots":1,"milk":"OAT"}}]}""");
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        String orderId = placed.json().get("orderId").asText();
        String payload = eventStore.payload(orderId, 0);
        assertThat(payload).contains("\"total\":7100").contains("\"linePrice\":7100")
                .contains("\"size\":\"VENTI\"").contains("\"temperature\":\"ICED\"").contains("\"milk\":\"OAT\"");
    }

    @Test
    void bad_or_disallowed_options_are_422_problems_naming_the_field() {
        String token = Api.member("member-" + UUID.randomUUID());
        assertField(token, "{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1,\"options\":{\"size\":\"TRENTA\"}}",
                "items[0].options.size");
        assertField(token, "{\"menuCode\":\"COLD_BREW\",\"quantity\":1,\"options\":{\"temperature\":\"HOT\"}}",
                "items[0].options.temperature");
        assertField(token, "{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1,\"options\":{\"extraShots\":5}}",
                "items[0].options.extraShots");
        assertField(token, "{\"menuCode\":\"AMERICANO\",\"quantity\":1,\"options\":{\"milk\":\"OAT\"}}",
                "items[0].options.milk");
        assertField(token, "{\"menuCode\":\"CHAMOMILE_TEA\",\"quantity\":1,\"options\":{\"syrup\":\"VANILLA\"}}",
                "items[0].options.syrup");
        // The shape is HTTP's: a string for a number, an unknown option: 400 naming it.
        Api.Response wrongType = api.placeOrder(token, UUID.randomUUID().toString(),
                "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1,\"options\":{\"extraShots\":\"two\"}}]}");
        assertThat(wrongType.status()).as(wrongType.body()).isEqualTo(400);
        Api.Response unknown = api.placeOrder(token, UUID.randomUUID().toString(),
                "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1,\"options\":{\"whip\":true}}]}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    }

    @Test
    void the_same_key_with_other_options_is_refused_as_a_different_order() {
        String token = Api.member("member-" + UUID.randomUUID());
        String key = UUID.randomUUID().toString();
        assertThat(api.placeOrder(token, key, "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1,"
                + "\"options\":{\"milk\":\"OAT\"}}]}").status()).isEqualTo(202);
        Api.Response other = api.placeOrder(token, key, "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1,"
                + "\"options\":{\"milk\":\"SOY\"}}]}");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    private void assertField(String token, String line, String field) {
        Api.Response response = api.placeOrder(token, UUID.randomUUID().toString(), "{\"items\":[" + line + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
    }
}
