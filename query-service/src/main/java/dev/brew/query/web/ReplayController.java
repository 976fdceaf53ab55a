package dev.brew.query.web;

import dev.brew.defaults.problem.Refusal;
import dev.brew.query.replay.ReplayService;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Rebuilding the views from the events: start a replay (202), then follow its progress. Operators only. */
@RestController
@RequestMapping("/api/admin/replays")
@PreAuthorize("hasRole('OPERATOR')")
class ReplayController {

    private final ReplayService replays;

    ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    @PostMapping
    ResponseEntity<ReplayService.Status> start() {
        ReplayService.Status status = replays.start();
        return ResponseEntity.accepted().location(URI.create("/api/admin/replays/" + status.id())).body(status);
    }

    @GetMapping("/{id}")
    ReplayService.Status status(@PathVariable String id) {
        return replays.status(id).orElseThrow(ReplayNotFound::new);
    }

    /** No replay with this id (404). */
    static class ReplayNotFound extends Refusal {
        ReplayNotFound() {
            super(404, "replay-not-found", "There is no such replay");
        }
    }
}
