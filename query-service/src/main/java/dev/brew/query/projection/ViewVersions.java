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
import jakarta.annotation.PostConstruct;
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
    /** Open orders only (the barista queue), one document per order: small, read whole. */
    public static final String QUEUE_PREFIX = "order_queue_v";
    /** Each member's orders, a document per month ({@link MemberOrders}): "my orders" reads by {@code _id}. */
    public static final String MEMBERS_PREFIX = "member_orders_v";
    /**
     * The shape of the view; versions written before the queue and member collections existed (1), before each
     * queue entry held its order's step (2), or its drinks and acceptance time (3), or while a member's orders were
     * one list (4), are reshaped.
     */
    private static final int SHAPE = 5;

    private static final Logger log = LoggerFactory.getLogger(ViewVersions.class);

    private final MongoDatabase database;
    private final MongoCollection<Document> pointers;
    private volatile Pointer current;
    private volatile long readAt;

    public ViewVersions(MongoDatabase database) {
        this.database = database;
        this.pointers = database.getCollection(POINTER_COLLECTION);
    }

    /**
     * Which versions exist right now. {@code replayId} names the replay that owns {@code building}; {@code
     * lastVersion} is the highest version number ever handed out.
     */
    public record Pointer(int active, Integer building, int lastVersion, String replayId) {
    }

    /**
     * One version of the view: every order by id, the open orders (the barista queue) and each member's orders.
     * Every hot read is an {@code _id} lookup or reads the small queue collection (ADR 0110).
     */
    public record View(MongoCollection<Document> orders, MongoCollection<Document> queue,
                       MongoCollection<Document> members) {
    }

    /**
     * Creates the pointer and the first version on a first start, the indexes of the active version, and drops
     * orphans. Called once before the processors start (the Spring bean's init method). Returns this.
     */
    @PostConstruct
    public ViewVersions initialize() {
        try {
            pointers.updateOne(eq("_id", POINTER_ID), combine(
                    setOnInsert("active", 1), setOnInsert("lastVersion", 1), setOnInsert("building", null),
                    setOnInsert("replayId", null), setOnInsert("shape", SHAPE), setOnInsert("updatedAt", new Date())),
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
        Document document = pointers.find(eq("_id", POINTER_ID)).first();
        if (document != null && document.getInteger("shape", 1) < SHAPE) {
            // Written in an older shape: derive the queue and member lists once (idempotent, so two instances
            // doing it at once is harmless).
            ViewWriter.reshape(view(pointer.active()));
            if (pointer.building() != null) {
                ViewWriter.reshape(view(pointer.building()));
            }
            pointers.updateOne(eq("_id", POINTER_ID), set("shape", SHAPE));
        }
        dropOrphans();
        return this;
    }

    /** Drops view versions the pointer no longer names (left by a failed replay or a late write after a swap). */
    public void dropOrphans() {
        Pointer pointer = refresh();
        for (String name : database.listCollectionNames()) {
            String prefix = name.startsWith(COLLECTION_PREFIX) ? COLLECTION_PREFIX
                    : name.startsWith(QUEUE_PREFIX) ? QUEUE_PREFIX : name.startsWith(MEMBERS_PREFIX) ? MEMBERS_PREFIX
                    : null;
            if (prefix == null) {
                continue;
            }
            int version;
            try {
                version = Integer.parseInt(name.substring(prefix.length()));
            } catch (NumberFormatException e) {
                continue;
            }
            if (version != pointer.active() && !Integer.valueOf(version).equals(pointer.building())) {
                drop(version);
            }
        }
    }

    /**
     * The pointer as last read, read again when older than a second: every instance learns of a swap at once from
     * the reset on the change topic, and within a second even if it missed that (an old version is kept
     * {@code retired-grace} after a swap). One {@code _id} lookup a second at most.
     */
    public Pointer current() {
        if (System.nanoTime() - readAt > 1_000_000_000L) {
            try {
                return refresh();
            } catch (RuntimeException e) {
                log.debug("Could not read the view pointer; using the last one: {}", e.toString());
            }
        }
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
        readAt = System.nanoTime();
        return pointer;
    }

    public MongoCollection<Document> collection(int version) {
        return database.getCollection(COLLECTION_PREFIX + version);
    }

    public MongoCollection<Document> activeCollection() {
        return collection(current().active());
    }

    public View view(int version) {
        return new View(collection(version), database.getCollection(QUEUE_PREFIX + version),
                database.getCollection(MEMBERS_PREFIX + version));
    }

    public View activeView() {
        return view(current().active());
    }

    /**
     * Only for the rare, operator-style listing of finished orders by status (the hot reads need no index besides
     * {@code _id}); a real MongoDB serves it from this index, the stand-in scans.
     */
    public void createIndexes(int version) {
        collection(version).createIndex(Indexes.ascending(OrderDocuments.STATUS, OrderDocuments.PLACED_AT,
                OrderDocuments.NUMBER), new IndexOptions().name("status_placedAt"));
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
            View view = view(version);
            view.orders().drop();
            view.queue().drop();
            view.members().drop();
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
