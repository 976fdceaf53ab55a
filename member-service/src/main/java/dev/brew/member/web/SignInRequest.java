package dev.brew.member.web;

import jakarta.validation.constraints.NotNull;

public record SignInRequest(@NotNull(message = "name is required") String name,
                            @NotNull(message = "password is required") String password) {

    @Override
    public String toString() {
        return "SignInRequest[name=" + name + "]";
    }
}
