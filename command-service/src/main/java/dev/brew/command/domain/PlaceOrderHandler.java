package dev.brew.command.domain;

import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderLine;
import dev.brew.contracts.order.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Places an order exactly once per idempotency key. Runs in the command's unit of work, so the key, the order
 * number and the {@code OrderPlaced} event are committed together or not at all.
 */
@Component
public class PlaceOrderHandler {

    private final Repository<Order> orders;
    private final Menu menu;
    private final OrderNumbers numbers;
    private final IdempotencyKeys idempotencyKeys;
    private final MemberDirectory members;
    private final Clock clock;
    private final OrderTimeouts timeouts;

    public PlaceOrderHandler(Repository<Order> orders, Menu menu, OrderNumbers numbers,
                             IdempotencyKeys idempotencyKeys, MemberDirectory members, Clock clock,
                             OrderTimeouts timeouts) {
        this.orders = orders;
        this.menu = menu;
        this.numbers = numbers;
        this.idempotencyKeys = idempotencyKeys;
        this.members = members;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    @CommandHandler
    public OrderAccepted handle(PlaceOrder command, DeadlineManager deadlines) throws Exception {
        // Check the rules first: a refused order must not use up its key or a number.
        List<OrderItem> items = Order.price(command.lines(), menu);
        String memberId = command.requester().memberId();
        if (!members.isKnown(memberId)) {
            throw new UnknownMember(memberId);
        }
        Optional<IdempotencyKeys.Earlier> earlier = idempotencyKeys.claim(memberId, command.idempotencyKey(),
                fingerprint(command), command.orderId());
        if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(fingerprint(command))) {
                throw new IdempotencyKeyReused();
            }
            return new OrderAccepted(earlier.get().orderId(), earlier.get().orderNumber());
        }
        Instant placedAt = clock.instant();
        int orderNumber = numbers.next(placedAt);
        orders.newInstance(() -> new Order(command.orderId(), orderNumber, command.requester(), items, placedAt,
                command.reward(), timeouts, deadlines));
        idempotencyKeys.complete(memberId, command.idempotencyKey(), orderNumber);
        return new OrderAccepted(command.orderId(), orderNumber);
    }

    /** A stable fingerprint of what was asked for, to tell a retry from a different order under the same key. */
    static String fingerprint(PlaceOrder command) {
        StringBuilder canonical = new StringBuilder();
        for (OrderLine line : command.lines()) {
            canonical.append(line.menuCode()).append('\u0000').append(line.quantity());
            if (line.options() != null) {
                // Lines without options keep the fingerprint they always had (keys stored before options existed).
                LineOptions o = line.options();
                canonical.append("\u0000options\u0000").append(o.size()).append('\u0000').append(o.temperature())
                        .append('\u0000').append(o.extraShots()).append('\u0000').append(o.milk())
                        .append('\u0000').append(o.syrup());
            }
            canonical.append('\n');
        }
        if (command.reward() != null) {
            // Orders without a reward keep the fingerprint they always had (keys stored before rewards existed).
            canonical.append("reward\u0000").append(command.reward().rewardId()).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
