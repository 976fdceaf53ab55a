package dev.brew.query.model;

/**
 * One view change, as pushed to live screens: an order's new state, or a {@code RESET} that tells
 * every screen to reload (a rebuilt view was swapped in).
 *
 * @param seq   position in the topic of view changes (offset + 1); the Server-Sent Event id
 * @param type  what happened
 * @param order the order after the change (null for a reset)
 * @param traceparent the W3C trace context of the projection that made the change (null if none)
 */
public record OrderChange(long seq, Type type, OrderView order, String traceparent) {

    public enum Type { ORDER, RESET }

    public boolean isReset() {
        return type == Type.RESET;
    }

    public boolean visibleTo(String memberId) {
        return isReset() || memberId == null || (order != null && memberId.equals(order.memberId()));
    }
}
