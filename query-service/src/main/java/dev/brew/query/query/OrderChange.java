package dev.brew.query.query;

/**
 * One entry of the change log, as pushed to live screens: an order's new state, or a {@code RESET} that tells
 * every screen to reload (a rebuilt view was swapped in).
 *
 * @param seq   position in the change log; the Server-Sent Event id
 * @param type  what happened
 * @param order the order after the change (null for a reset)
 */
public record OrderChange(long seq, Type type, OrderView order) {

    public enum Type { ORDER, RESET }

    public boolean isReset() {
        return type == Type.RESET;
    }

    public boolean visibleTo(String memberId) {
        return isReset() || memberId == null || (order != null && memberId.equals(order.memberId()));
    }
}
