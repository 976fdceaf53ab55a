package dev.brew.command.web;

import dev.brew.command.domain.Order;
import dev.brew.command.domain.OrderAccepted;
import dev.brew.command.domain.UnknownMember;
import dev.brew.command.loyalty.LoyaltyRewards;
import dev.brew.command.members.KnownMembers;
import dev.brew.contracts.Requester;
import dev.brew.contracts.order.AcceptOrder;
import dev.brew.contracts.order.CancelOrder;
import dev.brew.contracts.order.CompleteOrder;
import dev.brew.contracts.order.HandOverOrder;
import dev.brew.contracts.order.MarkOrderReady;
import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderLine;
import dev.brew.contracts.order.OrderStatus;
import dev.brew.contracts.order.PlaceOrder;
import dev.brew.contracts.order.RejectOrder;
import dev.brew.defaults.observability.LogContext;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The order commands. Each call turns into one Axon command; the answer is 202 because the views follow later. */
@RestController
@RequestMapping("/api/orders")
@SuppressWarnings("try") // LogContext is a scope: closed, never read
class OrderCommandController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    private final CommandGateway commands;
    private final KnownMembers knownMembers;
    private final OrderStoreBreaker store;
    private final LoyaltyRewards rewards;

    OrderCommandController(CommandGateway commands, KnownMembers knownMembers, OrderStoreBreaker store,
                           LoyaltyRewards rewards) {
        this.commands = commands;
        this.knownMembers = knownMembers;
        this.store = store;
        this.rewards = rewards;
    }

    @PostMapping
    @PreAuthorize("hasRole('MEMBER')")
    ResponseEntity<OrderAcceptedResponse> place(@RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
                                                @Valid @RequestBody PlaceOrderRequest request,
                                                Requester requester,
                                                @AuthenticationPrincipal Jwt token) {
        IdempotencyKeyFormat.check(idempotencyKey);
        String orderId = Order.idFor(requester.memberId(), idempotencyKey);
        // Only an order that applies a reward asks loyalty-service (ADR 0801): the rest never depend on it.
        LoyaltyRewards.Hold hold = request.rewardId() == null ? null
                : rewards.reserve(request.rewardId(), orderId, token.getTokenValue());
        PlaceOrder command = new PlaceOrder(orderId, requester, request.items().stream()
                .map(line -> new OrderLine(line.menuCode(), line.quantity(), line.options() == null ? null
                        : new LineOptions(line.options().size(), line.options().temperature(),
                        line.options().extraShots(), line.options().milk(), line.options().syrup()))).toList(),
                idempotencyKey, hold == null ? null : hold.reward());
        OrderAccepted accepted;
        try (LogContext ignored = LogContext.of(LogContext.ORDER_ID, orderId)) {
            try {
                accepted = store.call(() -> commands.sendAndWait(command, COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (UnknownMember e) {
                // The order handler checks membership; a member who signed up a moment ago may not have reached the
                // directory yet: member-service is asked, and the order sent once more if it knows them.
                if (!knownMembers.learn(requester, token.getTokenValue())) {
                    throw e;
                }
                accepted = store.call(() -> commands.sendAndWait(command, COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
        } catch (RuntimeException e) {
            // Not placed after the reward was held: give it back now, unless the order may have been stored after
            // all (then its OrderPlaced settles the reward, or the hold lapses: ADR 0802).
            if (hold != null && OrderStoreBreaker.surelyNotStored(e)) {
                rewards.release(hold, token.getTokenValue());
            }
            throw e;
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.LOCATION, "/api/orders/" + accepted.orderId())
                .body(new OrderAcceptedResponse(accepted.orderId(), accepted.orderNumber(), OrderStatus.ORDERED));
    }

    @PostMapping("/{orderId}/accept")
    @PreAuthorize("hasRole('BARISTA')")
    ResponseEntity<Void> accept(@PathVariable UUID orderId, Requester requester) {
        return step(orderId, new AcceptOrder(orderId.toString(), requester));
    }

    @PostMapping("/{orderId}/ready")
    @PreAuthorize("hasRole('BARISTA')")
    ResponseEntity<Void> ready(@PathVariable UUID orderId, Requester requester) {
        return step(orderId, new MarkOrderReady(orderId.toString(), requester));
    }

    @PostMapping("/{orderId}/picked-up")
    @PreAuthorize("hasRole('BARISTA')")
    ResponseEntity<Void> pickedUp(@PathVariable UUID orderId, Requester requester) {
        return step(orderId, new HandOverOrder(orderId.toString(), requester));
    }

    @PostMapping("/{orderId}/reject")
    @PreAuthorize("hasRole('BARISTA')")
    ResponseEntity<Void> reject(@PathVariable UUID orderId, @Valid @RequestBody OrderStepRequest request,
                                Requester requester) {
        return step(orderId, new RejectOrder(orderId.toString(), requester, request.reason()));
    }

    /** Hands the order over in one step from any open state (the counter steps it skips are recorded: ADR 0900). */
    @PostMapping("/{orderId}/complete")
    @PreAuthorize("hasRole('BARISTA')")
    ResponseEntity<Void> complete(@PathVariable UUID orderId, Requester requester) {
        return step(orderId, new CompleteOrder(orderId.toString(), requester));
    }

    private ResponseEntity<Void> step(UUID orderId, Object command) {
        try (LogContext ignored = LogContext.of(LogContext.ORDER_ID, orderId.toString())) {
            store.call(() -> commands.sendAndWait(command, COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{orderId}/cancel")
    ResponseEntity<Void> cancel(@PathVariable UUID orderId,
                                @Valid @RequestBody(required = false) CancelOrderRequest request,
                                Requester requester) {
        try (LogContext ignored = LogContext.of(LogContext.ORDER_ID, orderId.toString())) {
            store.call(() -> commands.sendAndWait(new CancelOrder(orderId.toString(), requester,
                    request == null ? null : request.reason()), COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        return ResponseEntity.accepted().build();
    }
}
