package dev.brew.command.domain;

/** A drink on the menu: price in Korean won, and an icon id the screens draw. */
public record MenuItem(String code, String nameKo, String nameEn, long price, String icon) {
}
