package dev.brew.command.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What can be ordered. Orders are priced from it when they are placed; later menu changes do not touch them. */
public final class Menu {

    private final Map<String, MenuItem> items = new LinkedHashMap<>();
    private final DrinkOptions options;

    /** A menu with the default option prices. */
    public Menu(List<MenuItem> items) {
        this(items, DrinkOptions.DEFAULT);
    }

    public Menu(List<MenuItem> items, DrinkOptions options) {
        this.options = options;
        for (MenuItem item : items) {
            if (this.items.put(item.code(), item) != null) {
                throw new IllegalArgumentException("Duplicate menu code " + item.code());
            }
        }
    }

    public List<MenuItem> items() {
        return List.copyOf(items.values());
    }

    public DrinkOptions options() {
        return options;
    }

    public Optional<MenuItem> find(String code) {
        return Optional.ofNullable(code == null ? null : items.get(code));
    }
}
