package dev.brew.member.web;

import jakarta.validation.constraints.NotNull;

/** The rules (length, characters) are the domain's: see MemberName and PasswordPolicy. */
public record SignUpRequest(@NotNull(message = "name is required") String name,
                            @NotNull(message = "password is required") String password) {

    @Override
    public String toString() {
        return "SignUpRequest[name=" + name + "]";
    }
}
