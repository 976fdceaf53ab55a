package dev.brew.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (the embedded binaries from Maven Central). It keeps its port and data directory, so a
 * test can stop it and start it again and find its data.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final boolean durable;
    private EmbeddedPostgres postgres;

    /** A server on a free port that trades durability for speed (fsync off): for tests. */
    public PostgresServer(Path directory) {
        this(directory, Ports.free(), false);
    }

    /** A server on a fixed port; {@code durable} keeps fsync on, so data survives a crash (the local stack). */
    public PostgresServer(Path directory, int port, boolean durable) {
        this.directory = directory;
        this.port = port;
        this.durable = durable;
    }

    public int port() {
        return port;
    }

    public synchronized PostgresServer start() {
        if (postgres != null) {
            return this;
        }
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    /** A JDBC URL for {@code database}, created if it does not exist yet. */
    public synchronized String jdbcUrl(String database) {
        start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + database.replace("'", "") + "'")) {
                if (!exists.next()) {
                    statement.execute("create database \"" + database.replace("\"", "") + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    @Override
    public void close() {
        stop();
    }
}
