package dev.brew.stack;

/** The parts of the local stack, in start order. Each can be stopped and started alone. */
public enum Part {
    POSTGRES,
    KAFKA,
    MONGO,
    MEMBER_SERVICE,
    COMMAND_SERVICE,
    QUERY_SERVICE,
    LOYALTY_SERVICE,
    API_GATEWAY;

    public boolean isService() {
        return ordinal() >= MEMBER_SERVICE.ordinal();
    }

    /** The module folder of a service. */
    public String module() {
        return name().toLowerCase().replace('_', '-');
    }
}
