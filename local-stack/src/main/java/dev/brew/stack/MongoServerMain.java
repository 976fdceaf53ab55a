package dev.brew.stack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The Mongo server of the local stack, in its own process: the wire-compatible mongo-java-server with its H2 backend,
 * so data survives restarts. Arguments: port, database file.
 *
 * <p>A write is on disk before it is acknowledged, as with a real MongoDB asked for journaled writes: the H2 store is
 * committed after every command that changed it. Left to itself it commits once a second, so a killed server came
 * back without writes it had acknowledged, and the query side's projection, which had gone on past them, never
 * wrote them again (found by the full-scale "Mongo server killed" scenario, docs/reliability.md F14).
 */
public final class MongoServerMain {

    private MongoServerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        Files.createDirectories(file.getParent());
        H2Backend backend = new DurableH2Backend(file.toString());
        MongoServer server = new MongoServer(backend);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            backend.close();
            stopped.countDown();
        }, "mongo-shutdown"));
        server.bind("127.0.0.1", port);
        System.out.println("Mongo server listening on 127.0.0.1:" + port + " with data in " + file);
        stopped.await();
    }

    /** Commits the store after each command (the driver sends every one as a message) that changed something. */
    static final class DurableH2Backend extends H2Backend {

        DurableH2Backend(String file) {
            super(file);
        }

        @Override
        public Document handleMessage(MongoMessage message) {
            try {
                return super.handleMessage(message);
            } finally {
                commitChanges();
            }
        }

        private void commitChanges() {
            if (getMvStore().hasUnsavedChanges()) {
                commit();
            }
        }
    }
}
