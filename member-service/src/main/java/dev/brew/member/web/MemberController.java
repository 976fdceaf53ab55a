package dev.brew.member.web;

import dev.brew.contracts.Requester;
import dev.brew.member.domain.Member;
import dev.brew.member.domain.MemberDirectory;
import dev.brew.member.domain.MemberRegistration;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
@RequestMapping("/api/members")
class MemberController {

    private final MemberRegistration registration;
    private final MemberDirectory directory;

    MemberController(MemberRegistration registration, MemberDirectory directory) {
        this.registration = registration;
        this.directory = directory;
    }

    @Operation(summary = "Sign up", description = "201 with the member; 409 if the name is taken in any letter case; "
            + "422 naming the field for a name of 0 or over 40 characters, control characters, or a password of "
            + "under 8 characters or over 72 bytes")
    @PostMapping
    ResponseEntity<MemberResponse> signUp(@Valid @RequestBody SignUpRequest request) {
        Member member = registration.signUp(request.name(), request.password());
        return ResponseEntity.created(URI.create("/api/members/" + member.id())).body(MemberResponse.of(member));
    }

    @Operation(summary = "The signed-in member", security = @SecurityRequirement(name = "bearer"))
    @GetMapping("/me")
    MemberResponse me(Requester requester) {
        return MemberResponse.of(directory.read(requester, requester.memberId()));
    }

    @Operation(summary = "One member", description = "For the member themself, baristas and operators; 403 for "
            + "anyone else", security = @SecurityRequirement(name = "bearer"))
    @GetMapping("/{id}")
    MemberResponse member(Requester requester, @PathVariable String id) {
        return MemberResponse.of(directory.read(requester, id));
    }
}
