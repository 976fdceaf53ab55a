package dev.brew.query.web;

/** No order with this id that the caller may see. */
class OrderNotFound extends RuntimeException {

    OrderNotFound(String orderId) {
        super("No order " + orderId);
    }
}
