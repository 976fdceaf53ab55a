package dev.brew.member.web;

import dev.brew.member.security.TokenIssuer;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Map;

/** The public keys other services verify Brew tokens with (Spring's resource servers fetch and cache this). */
@RestController
class JwksController {

    private final TokenIssuer tokens;

    JwksController(TokenIssuer tokens) {
        this.tokens = tokens;
    }

    @Operation(summary = "JSON Web Key Set of the token signing keys")
    @GetMapping(value = "/.well-known/jwks.json", produces = "application/jwk-set+json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(tokens.jwks());
    }
}
