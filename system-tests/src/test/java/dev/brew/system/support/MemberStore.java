package dev.brew.system.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

/** member-service's MongoDB collection, read directly: how many members exist, and whether a name was stored. */
public final class MemberStore implements AutoCloseable {

    private final MongoClient client;

    public MemberStore(int port) {
        this.client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=5000");
    }

    public long count() {
        return client.getDatabase("brew_members").getCollection("members").countDocuments();
    }

    public boolean hasName(String name) {
        return client.getDatabase("brew_members").getCollection("members").countDocuments(new Document("name", name))
                > 0;
    }

    @Override
    public void close() {
        client.close();
    }
}
