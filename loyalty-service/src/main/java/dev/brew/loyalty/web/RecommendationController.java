package dev.brew.loyalty.web;

import dev.brew.contracts.Requester;
import dev.brew.loyalty.domain.Recommendations;
import dev.brew.loyalty.ledger.LoyaltyLedger;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** "Your usual" and "popular now", for one-tap ordering on the customer page. */
@RestController
class RecommendationController {

    private static final int POPULAR = 3;

    private final LoyaltyLedger ledger;

    RecommendationController(LoyaltyLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/recommendations")
    @PreAuthorize("hasRole('MEMBER')")
    Recommendations recommendations(Requester requester) {
        return ledger.recommendations(requester.memberId(), POPULAR);
    }
}
