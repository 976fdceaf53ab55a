package dev.brew.testing;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A MongoDB for tests: the wire-compatible mongo-java-server in this JVM, or, when the environment variable
 * {@code MONGODB_URI} is set, that real MongoDB instead (so every Mongo test also runs against the real thing).
 *
 * <p>{@link #stop()} and {@link #start()} are an outage, as a real server's restart is: connections are cut and
 * refused until it is back on the same port, with the data it had.
 */
public final class MongoServer implements AutoCloseable {

    private final String externalUri = System.getenv("MONGODB_URI");
    private final int port = Ports.free();
    private final MongoBackend data = keptAcrossRestarts(new MemoryBackend());
    private de.bwaldvogel.mongo.MongoServer server;

    public synchronized MongoServer start() {
        if (externalUri == null && server == null) {
            server = new de.bwaldvogel.mongo.MongoServer(data);
            server.bind("127.0.0.1", port);
        }
        return this;
    }

    /** The backend, except that a server's shutdown does not close it (which would drop the data). */
    private static MongoBackend keptAcrossRestarts(MongoBackend backend) {
        return (MongoBackend) Proxy.newProxyInstance(MongoBackend.class.getClassLoader(),
                new Class<?>[]{MongoBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
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
