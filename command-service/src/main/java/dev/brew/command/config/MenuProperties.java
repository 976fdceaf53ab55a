package dev.brew.command.config;

import dev.brew.command.domain.DrinkOptions;
import dev.brew.command.domain.MenuItem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.List;
import java.util.Map;

/**
 * The menu, from configuration ({@code brew.menu.items}, and the option prices {@code brew.menu.options}); checked at
 * start-up. Each drink says which options it takes ({@code temperatures}, {@code extra-shots}, {@code milk},
 * {@code syrup}); every drink comes in every size.
 */
@Validated
@ConfigurationProperties("brew.menu")
public record MenuProperties(@NotEmpty List<@Valid Item> items, @Valid Options options) {

    public record Item(@NotBlank String code, @NotBlank String nameKo, @NotBlank String nameEn, @Positive long price,
                       @NotBlank String icon, List<String> temperatures, boolean extraShots, boolean milk,
                       boolean syrup) {

        MenuItem toMenuItem() {
            return new MenuItem(code, nameKo, nameEn, price, icon, temperatures, extraShots, milk, syrup);
        }
    }

    /** What each option adds to a Tall's price; the first size, milk and syrup listed are the defaults. */
    public record Options(@NotEmpty Map<String, Long> sizes, @PositiveOrZero long extraShot,
                          @PositiveOrZero int maxExtraShots, @NotEmpty Map<String, Long> milks,
                          @NotEmpty Map<String, Long> syrups) {
    }

    public List<MenuItem> menuItems() {
        return items.stream().map(Item::toMenuItem).toList();
    }

    public DrinkOptions drinkOptions() {
        return options == null ? DrinkOptions.DEFAULT : new DrinkOptions(options.sizes(), options.extraShot(),
                options.maxExtraShots(), options.milks(), options.syrups());
    }
}
