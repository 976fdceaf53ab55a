package dev.brew.command.config;

import dev.brew.command.domain.MenuItem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/** The menu, from configuration ({@code brew.menu.items}); checked at start-up. */
@Validated
@ConfigurationProperties("brew.menu")
public record MenuProperties(@NotEmpty List<@Valid Item> items) {

    public record Item(@NotBlank String code, @NotBlank String nameKo, @NotBlank String nameEn, @Positive long price,
                       @NotBlank String icon) {

        MenuItem toMenuItem() {
            return new MenuItem(code, nameKo, nameEn, price, icon);
        }
    }

    public List<MenuItem> menuItems() {
        return items.stream().map(Item::toMenuItem).toList();
    }
}
