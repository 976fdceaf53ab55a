package dev.brew.query.web;

import dev.brew.query.admin.ParkedEvents;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Events the projection parked (ADR 0112): list them, and hand them to the projection again. Operators only. */
@RestController
@RequestMapping("/api/admin/parked-events")
@PreAuthorize("hasRole('OPERATOR')")
class ParkedEventsController {

    private final ParkedEvents parked;

    ParkedEventsController(ParkedEvents parked) {
        this.parked = parked;
    }

    record Listing(long count, List<ParkedEvents.Parked> events) {
    }

    @GetMapping
    Listing list() {
        return new Listing(parked.count(), parked.list());
    }

    /** Retries every parked order, or only {@code orderId}'s. */
    @PostMapping("/retry")
    ParkedEvents.Retried retry(@RequestParam(required = false) String orderId) {
        return parked.retry(orderId);
    }
}
