package dev.brew.command.domain;

import java.util.List;

/**
 * A drink on the menu: price in Korean won (a Tall, made the default way), an icon id the screens draw, and the
 * options it takes: any size always; {@code temperatures} it comes in (the first is its default); whether it takes
 * extra espresso shots, a choice of milk, a syrup.
 */
public record MenuItem(String code, String nameKo, String nameEn, long price, String icon, List<String> temperatures,
                       boolean extraShots, boolean milk, boolean syrup) {

    public MenuItem {
        temperatures = temperatures == null || temperatures.isEmpty() ? List.of(DrinkOptions.HOT)
                : List.copyOf(temperatures);
    }

    /** A drink that comes hot, in any size, and takes no other option. */
    public MenuItem(String code, String nameKo, String nameEn, long price, String icon) {
        this(code, nameKo, nameEn, price, icon, List.of(DrinkOptions.HOT), false, false, false);
    }
}
