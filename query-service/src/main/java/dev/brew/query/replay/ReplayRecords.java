package dev.brew.query.replay;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

/** Replays and their progress, in MongoDB, so that any instance can report on a replay another one runs. */
@Component
class ReplayRecords {

    static final String COLLECTION = "replays";

    private final MongoCollection<Document> replays;

    ReplayRecords(MongoDatabase database) {
        this.replays = database.getCollection(COLLECTION);
    }

    void create(String id, int version, String owner) {
        Date now = new Date();
        replays.insertOne(new Document("_id", id).append("state", ReplayStatus.State.RUNNING.name())
                .append("processed", 0L).append("total", 0L).append("percent", 0).append("version", version)
                .append("owner", owner).append("startedAt", now).append("updatedAt", now));
    }

    void progress(String id, long processed, long total) {
        replays.updateOne(and(eq("_id", id), eq("state", ReplayStatus.State.RUNNING.name())), combine(
                set("processed", processed), set("total", total), set("percent", percent(processed, total)),
                set("updatedAt", new Date())));
    }

    void completed(String id, long total) {
        Date now = new Date();
        replays.updateOne(eq("_id", id), combine(set("state", ReplayStatus.State.COMPLETED.name()),
                set("processed", total), set("total", total), set("percent", 100), set("updatedAt", now),
                set("finishedAt", now)));
    }

    void failed(String id, String error) {
        Date now = new Date();
        replays.updateOne(and(eq("_id", id), eq("state", ReplayStatus.State.RUNNING.name())), combine(
                set("state", ReplayStatus.State.FAILED.name()), set("error", error), set("updatedAt", now),
                set("finishedAt", now)));
    }

    Optional<ReplayStatus> find(String id) {
        return Optional.ofNullable(replays.find(eq("_id", id)).first()).map(ReplayRecords::toStatus);
    }

    /** When a running replay last reported progress; empty if it is not running. */
    Optional<Instant> lastSignOfLife(String id) {
        Document document = replays.find(and(eq("_id", id), eq("state", ReplayStatus.State.RUNNING.name()))).first();
        return Optional.ofNullable(document).map(d -> d.getDate("updatedAt").toInstant());
    }

    static int percent(long processed, long total) {
        if (total <= 0) {
            return 100;
        }
        return (int) Math.min(100, processed * 100 / total);
    }

    private static ReplayStatus toStatus(Document d) {
        Date finished = d.getDate("finishedAt");
        return new ReplayStatus(d.getString("_id"), ReplayStatus.State.valueOf(d.getString("state")),
                ((Number) d.get("processed")).longValue(), ((Number) d.get("total")).longValue(),
                d.getInteger("percent", 0), d.getInteger("version", 0), d.getDate("startedAt").toInstant(),
                finished == null ? null : finished.toInstant(), d.getString("error"));
    }
}
