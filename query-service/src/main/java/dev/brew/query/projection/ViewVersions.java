package dev.brew.query.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Date;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

/**
 * The order-status view lives in versioned collections ({@code order_status_v1}, {@code order_status_v2}...) and
 * one pointer document says which version queries read ({@code active}) and which one a replay is building
 * ({@code building}). Swapping a rebuilt view in is one single-document update of the pointer: atomic on every
 * MongoDB, with no collection rename (mongo-java-server renames are neither atomic nor durable on H2).
 */
@Component
public class ViewVersions {

    public static final String POINTER_COLLECTION = "view_versions";
    public static final String POINTER_ID = "order_status";
    public static final String COLLECTION_PREFIX = "order_status_v";

    private static final Logger log = LoggerFactory.getLogger(ViewVersions.class);

    private final MongoDatabase database;
    private final MongoCollection<Document> pointers;
    private volatile Pointer current;

    public ViewVersions(MongoDatabase database) {
        this.database = database;
        this.pointers = database.getCollection(POINTER_COLLECTION);
        initialize();
    }

    /**
     * Which versions exist right now. {@code replayId} names the replay that owns {@code building}; {@code
     * lastVersion} is the highest version number ever handed out.
     */
    public record Pointer(int active, Integer building, int lastVersion, String replayId) {

        /** The versions the live projection writes: the active one, and the one being rebuilt, if any. */
        public int[] writeTargets() {
            return building == null ? new int[]{active} : new int[]{active, building};
        }
    }

    /** Creates the pointer and the first version on a first start; creates the indexes of the active version. */
    private void initialize() {
        try {
            pointers.updateOne(eq("_id", POINTER_ID), combine(
                    setOnInsert("active", 1), setOnInsert("lastVersion", 1), setOnInsert("building", null),
                    setOnInsert("replayId", null), setOnInsert("updatedAt", new Date())),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Another instance created it at the same moment.
        }
        Pointer pointer = refresh();
        createIndexes(pointer.active());
        if (pointer.building() != null) {
            createIndexes(pointer.building());
        }
        dropOrphans();
    }

    /** Drops view versions the pointer no longer names (left by a failed replay or a late write after a swap). */
    public void dropOrphans() {
        Pointer pointer = refresh();
        for (String name : database.listCollectionNames()) {
            if (!name.startsWith(COLLECTION_PREFIX)) {
                continue;
            }
            int version;
            try {
                version = Integer.parseInt(name.substring(COLLECTION_PREFIX.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            if (version != pointer.active() && !Integer.valueOf(version).equals(pointer.building())) {
                drop(version);
            }
        }
    }

    /** The pointer as last read; cheap, refreshed by {@link #refresh()}. */
    public Pointer current() {
        return current;
    }

    /** Reads the pointer from MongoDB. */
    public Pointer refresh() {
        Document document = pointers.find(eq("_id", POINTER_ID)).first();
        if (document == null) {
            throw new IllegalStateException("The view pointer document is missing");
        }
        Pointer pointer = toPointer(document);
        current = pointer;
        return pointer;
    }

    public MongoCollection<Document> collection(int version) {
        return database.getCollection(COLLECTION_PREFIX + version);
    }

    public MongoCollection<Document> activeCollection() {
        return collection(current.active());
    }

    /** The indexes behind every query: the barista queue by status and age, and a member's orders by age. */
    public void createIndexes(int version) {
        MongoCollection<Document> collection = collection(version);
        collection.createIndex(Indexes.ascending(OrderDocuments.STATUS, OrderDocuments.PLACED_AT, OrderDocuments.NUMBER),
                new IndexOptions().name("status_placedAt"));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending(OrderDocuments.MEMBER_ID),
                Indexes.descending(OrderDocuments.PLACED_AT)), new IndexOptions().name("member_placedAt"));
    }

    /**
     * Reserves the next version for a replay, atomically: succeeds only if no replay owns the pointer and nobody
     * reserved a version since {@code seen} was read. Returns the new pointer, or null if someone else got there.
     */
    public Pointer beginBuild(Pointer seen, String replayId) {
        int version = seen.lastVersion() + 1;
        Document updated = pointers.findOneAndUpdate(
                and(eq("_id", POINTER_ID), eq("replayId", null), eq("lastVersion", seen.lastVersion())),
                combine(set("building", version), set("lastVersion", version), set("replayId", replayId),
                        set("updatedAt", new Date())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (updated == null) {
            return null;
        }
        current = toPointer(updated);
        return current;
    }

    /**
     * Swaps the rebuilt version in: one atomic update of the pointer, and only if this replay still owns it.
     * Returns the version it replaced, or null if the replay no longer owned the pointer.
     */
    public Integer activate(String replayId, int version) {
        Document before = pointers.findOneAndUpdate(
                and(eq("_id", POINTER_ID), eq("replayId", replayId), eq("building", version)),
                combine(set("active", version), set("building", null), set("replayId", null),
                        set("updatedAt", new Date())),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        if (before == null) {
            return null;
        }
        refresh();
        log.info("Order-status view v{} is now active (was v{})", version, before.getInteger("active"));
        return before.getInteger("active");
    }

    /** Gives the pointer back after a failed or abandoned replay; the active version is untouched. */
    public boolean abandonBuild(String replayId) {
        boolean released = pointers.updateOne(and(eq("_id", POINTER_ID), eq("replayId", replayId)),
                combine(set("building", null), set("replayId", null), set("updatedAt", new Date())))
                .getModifiedCount() > 0;
        refresh();
        return released;
    }

    /** Drops a version that no pointer field names any more. */
    public void drop(int version) {
        Pointer pointer = refresh();
        if (pointer.active() == version || Integer.valueOf(version).equals(pointer.building())) {
            throw new IllegalStateException("Version " + version + " is in use");
        }
        try {
            collection(version).drop();
            log.info("Dropped order-status view v{}", version);
        } catch (MongoException e) {
            log.warn("Could not drop order-status view v{}: {}", version, e.toString());
        }
    }

    private static Pointer toPointer(Document document) {
        return new Pointer(document.getInteger("active"), document.getInteger("building"),
                document.getInteger("lastVersion"), document.getString("replayId"));
    }
}
