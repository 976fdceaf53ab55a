package dev.brew.testing;

/** The real servers a test class can ask for. */
public enum Server {
    /** A KRaft Kafka broker; sets {@code axon.kafka.bootstrap-servers} and {@code spring.kafka.bootstrap-servers}. */
    KAFKA,
    /** PostgreSQL; sets {@code spring.datasource.*} for the database named in {@link RealServers#database()}. */
    POSTGRES,
    /**
     * MongoDB (mongo-java-server, or the real one named by {@code MONGODB_URI}); sets {@code spring.data.mongodb.uri}
     * and {@code spring.data.mongodb.database} from {@link RealServers#mongoDatabase()}.
     */
    MONGO,
    /** A JWT issuer with a JWKS endpoint; sets the resource server's {@code jwk-set-uri} and {@code issuer-uri}. */
    JWT_ISSUER
}
