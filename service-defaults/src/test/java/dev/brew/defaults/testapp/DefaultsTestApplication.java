package dev.brew.defaults.testapp;

import dev.brew.contracts.Requester;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A minimal service that uses nothing but the service defaults. */
@SpringBootApplication
public class DefaultsTestApplication {

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

        @GetMapping("/api/boom")
        String boom() {
            throw new IllegalStateException("internal detail that must not leak");
        }
    }
}
