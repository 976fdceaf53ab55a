package dev.brew.defaults.testapp;

import dev.brew.contracts.Requester;
import dev.brew.defaults.problem.Refusal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service that uses nothing but the service defaults. */
@SpringBootApplication
public class DefaultsTestApplication {

    /** A domain refusal as a service declares one: it carries its own answer. */
    static class GreetingRefused extends Refusal {
        GreetingRefused(String name) {
            super(409, "greeting-refused", "name", "No greeting for " + name);
            property("name", name);
            retryAfter(java.time.Duration.ofSeconds(7));
        }
    }

    public record Greeting(@NotBlank String name, @NotNull Integer count) {
    }

    @RestController
    static class GreetingController {

        @PostMapping("/api/greetings")
        Greeting greet(@Valid @RequestBody Greeting greeting) {
            return greeting;
        }

        @GetMapping("/api/me")
        Requester me(Requester requester) {
            return requester;
        }

        @GetMapping("/api/staff")
        @PreAuthorize("hasRole('BARISTA')")
        String staff() {
            return "ok";
        }

        @GetMapping("/api/public/pages")
        String page(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "0") long offset) {
            return page + "/" + offset;
        }

        @GetMapping("/api/public/ping")
        String ping() {
            return "pong";
        }

        @GetMapping("/api/refused")
        String refused(@RequestParam String name) {
            throw new GreetingRefused(name);
        }

        @GetMapping("/api/store-down")
        String storeDown() {
            throw new DataAccessResourceFailureException("connection refused to the store at 10.0.0.9");
        }

        @GetMapping("/api/boom")
        String boom() {
            throw new IllegalStateException("internal detail that must not leak");
        }
    }
}
