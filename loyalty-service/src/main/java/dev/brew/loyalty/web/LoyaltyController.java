package dev.brew.loyalty.web;

import dev.brew.contracts.Requester;
import dev.brew.loyalty.domain.RewardReservation;
import dev.brew.loyalty.domain.StampCard;
import dev.brew.loyalty.ledger.LoyaltyLedger;
import dev.brew.loyalty.ledger.LoyaltyMetrics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A member's own stamp card, and the reservation of a reward for an order. The member comes from the token only. */
@RestController
@RequestMapping("/api/loyalty")
class LoyaltyController {

    private final LoyaltyLedger ledger;
    private final LoyaltyMetrics metrics;

    LoyaltyController(LoyaltyLedger ledger, LoyaltyMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    @GetMapping("/me")
    @PreAuthorize("hasRole('MEMBER')")
    StampCard me(Requester requester) {
        return ledger.card(requester.memberId());
    }

    /**
     * Holds a reward for an order about to be placed. command-service calls it with the member's own token while
     * placing the order; of concurrent calls for one reward exactly one gets 200, the others 409.
     */
    @PostMapping("/rewards/{rewardId}/reservations")
    @PreAuthorize("hasRole('MEMBER')")
    RewardReservation reserve(@PathVariable String rewardId, @Valid @RequestBody ReservationRequest request,
                              Requester requester) {
        return ledger.reserve(requester.memberId(), rewardId, request.orderId());
    }

    /**
     * Gives a reward back when the order it was held for was not placed after all (command-service calls it when
     * placing fails after the reservation, ADR 0802). Always 204: a hold already gone, or backed by a placed order,
     * is left as it is. Like the reservation, not routed by the gateway: only command-service calls it.
     */
    @DeleteMapping("/rewards/{rewardId}/reservations/{orderId}")
    @PreAuthorize("hasRole('MEMBER')")
    ResponseEntity<Void> release(@PathVariable String rewardId, @PathVariable String orderId, Requester requester) {
        if (ledger.release(requester.memberId(), rewardId, orderId)) {
            metrics.rewardReleased();
        }
        return ResponseEntity.noContent().build();
    }

    record ReservationRequest(@NotBlank @Size(max = 64) String orderId) {
    }
}
