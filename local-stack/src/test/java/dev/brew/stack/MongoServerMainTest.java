package dev.brew.stack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.brew.testing.Ports;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local stack's Mongo server keeps every write it acknowledged, even when its process is killed. */
class MongoServerMainTest {

    @TempDir
    Path data;

    @Test
    void an_acknowledged_write_survives_a_kill() {
        int port = Ports.free();
        ChildProcess mongo = new ChildProcess("mongo", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), MongoServerMain.class.getName(),
                Integer.toString(port), data.resolve("mongo/brew.mv").toString()),
                Map.of(), data.resolve("logs"), data.resolve("run"));
        String uri = "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=30000";
        try {
            mongo.start();
            try (MongoClient client = MongoClients.create(uri)) {
                MongoCollection<Document> orders = client.getDatabase("brew").getCollection("orders");
                for (int i = 0; i < 300; i++) {
                    orders.insertOne(new Document("_id", i));
                }
                orders.updateOne(new Document("_id", 299), new Document("$set", new Document("status", "DONE")));
            }
            mongo.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> !mongo.isAlive());

            mongo.start();
            try (MongoClient client = MongoClients.create(uri)) {
                MongoCollection<Document> orders = client.getDatabase("brew").getCollection("orders");
                assertThat(orders.countDocuments()).isEqualTo(300);
                assertThat(orders.find(new Document("_id", 299)).first()).containsEntry("status", "DONE");
            }
        } finally {
            mongo.kill();
        }
    }
}
