package dev.brew.testing;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB for tests: the wire-compatible mongo-java-server in this JVM, or, when the environment variable
 * {@code MONGODB_URI} is set, that real MongoDB instead (so every Mongo test also runs against the real thing).
 */
public final class MongoServer implements AutoCloseable {

    private final String externalUri = System.getenv("MONGODB_URI");
    private final int port = Ports.free();
    private de.bwaldvogel.mongo.MongoServer server;

    public synchronized MongoServer start() {
        if (externalUri == null && server == null) {
            server = new de.bwaldvogel.mongo.MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", port);
        }
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    public boolean isReal() {
        return externalUri != null;
    }

    /** The connection string; the database is chosen by {@code spring.data.mongodb.database}. */
    public String uri() {
        return externalUri != null ? externalUri : "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
