package dev.brew.system.support;

/** A signed-in caller: the bearer token and who it names. */
public record Session(String token, String memberId, String name) {

    public String bearer() {
        return "Bearer " + token;
    }
}
