package dev.brew.contracts.order;

/**
 * How one line's drink is made. In a command, any field may be null (the drink's default). In an
 * {@link OrderPlaced} event every option the drink takes is filled in (size, temperature, shots; milk and syrup for
 * drinks that take them, else null); a line stored before options existed has no options at all (null).
 *
 * @param size        TALL, GRANDE or VENTI
 * @param temperature HOT or ICED, as the drink allows
 * @param extraShots  extra espresso shots, 0 to 4, for drinks that take them
 * @param milk        REGULAR, OAT, SOY or LACTOSE_FREE, for drinks made with milk
 * @param syrup       NONE, VANILLA, CARAMEL or HAZELNUT, for drinks that take syrup
 */
public record LineOptions(String size, String temperature, Integer extraShots, String milk, String syrup) {
}
