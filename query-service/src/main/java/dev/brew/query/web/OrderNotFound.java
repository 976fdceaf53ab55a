package dev.brew.query.web;

import dev.brew.defaults.problem.Refusal;

/** No order with this id that the caller may see (404; the same answer whether it exists or not). */
class OrderNotFound extends Refusal {

    OrderNotFound() {
        super(404, "order-not-found", "There is no such order");
    }
}
