package dev.brew.gateway.api;

/** The services behind the gateway; the name is the circuit breaker's and the one problem bodies give. */
public enum Backend {
    COMMAND("command-service"),
    QUERY("query-service"),
    MEMBER("member-service"),
    LOYALTY("loyalty-service"),
    /** Answered by the gateway itself (sign-out). */
    GATEWAY("api-gateway");

    private final String serviceName;

    Backend(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
