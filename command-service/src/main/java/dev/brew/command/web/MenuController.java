package dev.brew.command.web;

import dev.brew.command.domain.DrinkOptions;
import dev.brew.command.domain.Menu;
import dev.brew.command.domain.MenuItem;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/** The menu, for anyone: what the customer page shows and what an order may contain. */
@RestController
class MenuController {

    private final Menu menu;

    MenuController(Menu menu) {
        this.menu = menu;
    }

    @GetMapping("/api/menu")
    ResponseEntity<MenuResponse> menu() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(new MenuResponse("KRW", menu.items(), menu.options()));
    }

    /** The drinks, each with the options it takes, and what each option adds to a Tall's price. */
    record MenuResponse(String currency, List<MenuItem> items, DrinkOptions options) {
    }
}
