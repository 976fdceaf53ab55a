package dev.brew.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared JUnit extension behind {@link RealServers}. Each server starts at most once per test JVM, the first
 * time a class asks for it, and stops when the whole test run ends (through JUnit's root store).
 */
public final class RealServersExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServers.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        RealServers request = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RealServers.class)
                .orElseThrow();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        for (Server server : request.value()) {
            switch (server) {
                case KAFKA -> {
                    KafkaBroker kafka = store.getOrComputeIfAbsent(KafkaBroker.class,
                            k -> new KafkaBroker(workDirectory("kafka")).start(), KafkaBroker.class);
                    SharedServers.kafka = kafka;
                    System.setProperty("axon.kafka.bootstrap-servers", kafka.bootstrapServers());
                    System.setProperty("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
                }
                case POSTGRES -> {
                    PostgresServer postgres = store.getOrComputeIfAbsent(PostgresServer.class,
                            k -> new PostgresServer(workDirectory("postgres")).start(), PostgresServer.class);
                    SharedServers.postgres = postgres;
                    System.setProperty("spring.datasource.url", postgres.jdbcUrl(request.database()));
                    System.setProperty("spring.datasource.username", postgres.username());
                    System.setProperty("spring.datasource.password", postgres.password());
                }
                case MONGO -> {
                    MongoServer mongo = store.getOrComputeIfAbsent(MongoServer.class,
                            k -> new MongoServer().start(), MongoServer.class);
                    SharedServers.mongo = mongo;
                    System.setProperty("spring.data.mongodb.uri", mongo.uri());
                    System.setProperty("spring.data.mongodb.database", request.mongoDatabase());
                }
                case JWT_ISSUER -> {
                    TestJwtIssuer issuer = store.getOrComputeIfAbsent(TestJwtIssuer.class,
                            k -> new TestJwtIssuer(), TestJwtIssuer.class);
                    SharedServers.jwtIssuer = issuer;
                    System.setProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer.jwksUri());
                    System.setProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestJwtIssuer.ISSUER);
                }
            }
        }
    }

    private static Path workDirectory(String name) {
        try {
            Path target = Files.createDirectories(Path.of("target", "real-servers"));
            return Files.createTempDirectory(target, name + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
