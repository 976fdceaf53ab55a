package dev.brew.member.web;

import dev.brew.member.config.SignInProperties;
import dev.brew.member.domain.Member;
import dev.brew.member.domain.SignIn;
import dev.brew.member.security.TokenIssuer;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SessionController {

    private final SignIn signIn;
    private final TokenIssuer tokens;
    private final boolean trustForwardedFor;

    SessionController(SignIn signIn, TokenIssuer tokens, SignInProperties properties) {
        this.signIn = signIn;
        this.tokens = tokens;
        this.trustForwardedFor = properties.trustForwardedFor();
    }

    @Operation(summary = "Sign in", description = "200 with an RS256 bearer token; 401 for an unknown name or a wrong "
            + "password alike; 429 with Retry-After after too many failures for the name or from the address")
    @PostMapping("/api/sessions")
    ResponseEntity<SessionResponse> signIn(@Valid @RequestBody SignInRequest request, HttpServletRequest http) {
        Member member = signIn.authenticate(request.name(), request.password(),
                ClientAddress.of(http, trustForwardedFor));
        TokenIssuer.IssuedToken token = tokens.issue(member);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new SessionResponse(token.value(), token.expiresAt(), MemberResponse.of(member)));
    }
}
