package dev.brew.testing;

/** The servers started by {@link RealServers}, for tests that stop and start them or mint tokens. */
public final class SharedServers {

    static volatile KafkaBroker kafka;
    static volatile PostgresServer postgres;
    static volatile TestJwtIssuer jwtIssuer;
    static volatile MongoServer mongo;

    private SharedServers() {
    }

    public static KafkaBroker kafka() {
        return require(kafka, Server.KAFKA);
    }

    public static PostgresServer postgres() {
        return require(postgres, Server.POSTGRES);
    }

    public static MongoServer mongo() {
        return require(mongo, Server.MONGO);
    }

    public static TestJwtIssuer jwtIssuer() {
        return require(jwtIssuer, Server.JWT_ISSUER);
    }

    private static <T> T require(T server, Server kind) {
        if (server == null) {
            throw new IllegalStateException("Annotate the test class with @RealServers({" + kind + ", ...})");
        }
        return server;
    }
}
