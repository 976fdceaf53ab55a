package dev.brew.gateway.api;

import org.springframework.http.HttpMethod;

import java.util.List;

/**
 * One line of the public API table: which calls (method and path patterns) go to which service, and whether they
 * need a token. The table drives the routes, the security rules and the 404/405 answers, so they cannot disagree.
 *
 * @param method         null for every method
 * @param checksPassword the service hashes a password to answer (bcrypt, CPU-bound by design): the call gets the
 *                       longer {@code brew.timeouts.password-check} (ADR 0305)
 */
public record ApiRoute(String id, Backend backend, HttpMethod method, List<String> paths, Access access,
                       Kind kind, boolean checksPassword) {

    public enum Access { PUBLIC, AUTHENTICATED }

    public enum Kind {
        /** An ordinary request and response: connect and response timeouts, the service's circuit breaker. */
        CALL,
        /** Server-Sent Events: streamed as they come, no response timeout, no breaker around a long-lived call. */
        STREAM,
        /** Sign-in: its successful answer also sets the session cookie. */
        SIGN_IN,
        /** Sign-out: the gateway clears the session cookie itself. */
        SIGN_OUT
    }

    static ApiRoute call(String id, Backend backend, HttpMethod method, Access access, String... paths) {
        return new ApiRoute(id, backend, method, List.of(paths), access, Kind.CALL, false);
    }

    ApiRoute as(Kind newKind) {
        return new ApiRoute(id, backend, method, paths, access, newKind, checksPassword);
    }

    ApiRoute checkingPassword() {
        return new ApiRoute(id, backend, method, paths, access, kind, true);
    }

    public boolean isPublic() {
        return access == Access.PUBLIC;
    }
}
