/**
 * The message contract of Brew: the only code that services share (besides service defaults).
 *
 * <p>Commands are imperative ({@code PlaceOrder}), events are past-tense facts ({@code OrderPlaced}) that carry a
 * {@link org.axonframework.serialization.Revision} so that an upcaster can evolve them later, and queries are
 * questions to a read model. Everything is an immutable record serialized as plain JSON.
 */
package dev.brew.contracts;
