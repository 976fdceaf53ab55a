package dev.brew.query.projection;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import dev.brew.query.query.OrderChange;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Updates.inc;

/**
 * The shared log of view changes that every instance tails to feed its live screens (MongoDB change streams are
 * not available on mongo-java-server). Each change takes the next number from a counter document; that number is
 * the Server-Sent Event id a client resumes from. The log keeps the last {@code retain} changes.
 */
@Component
public class OrderChangeLog {

    public static final String COLLECTION = "order_changes";
    static final String TRACEPARENT = "traceparent";
    static final String COUNTERS = "counters";

    private final MongoCollection<Document> changes;
    private final MongoCollection<Document> counters;

    public OrderChangeLog(MongoDatabase database) {
        this.changes = database.getCollection(COLLECTION);
        this.counters = database.getCollection(COUNTERS);
    }

    /**
     * An order's new state (its view document after the change) and the W3C {@code traceparent} of the span that
     * changed it (the projection's, or null), so that the push to live screens, on whichever instance, continues
     * the order's trace.
     */
    public record OrderState(Document order, String traceparent) {
    }

    /**
     * Logs the orders' new states in one numbered run (one counter update and one insert, whatever their number);
     * returns the number of the last. Readers see them in their order, as the insert is ordered.
     *
     * <p>Both round trips wait out a MongoDB outage ({@code retry}). Taking the numbers again after a lost reply
     * leaves the first numbers unused: readers pass such a gap after {@code brew.query.changes.gap-timeout}. The
     * insert, tried again, adds only the changes the lost attempt did not.
     */
    public long appendOrders(List<OrderState> states, MongoOutageRetry retry) {
        if (states.isEmpty()) {
            return lastSeq();
        }
        long last = retry.call("numbering view changes", () -> nextSeq(states.size()));
        long seq = last - states.size();
        Date at = new Date();
        List<Document> changes = new ArrayList<>(states.size());
        for (OrderState state : states) {
            Document view = new Document(state.order());
            view.remove(OrderDocuments.APPLIED);
            Document change = new Document("_id", ++seq)
                    .append("type", OrderChange.Type.ORDER.name())
                    .append("orderId", state.order().getString("_id"))
                    .append("memberId", state.order().getString(OrderDocuments.MEMBER_ID))
                    .append("order", view)
                    .append("at", at);
            if (state.traceparent() != null) {
                change.append(TRACEPARENT, state.traceparent());
            }
            changes.add(change);
        }
        retry.run("logging view changes", () -> insertMissing(changes));
        return last;
    }

    /** Inserts the changes not in the log yet: all of them at once, unless an earlier attempt got some in. */
    private void insertMissing(List<Document> changes) {
        try {
            this.changes.insertMany(changes);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
            Set<Object> present = new HashSet<>();
            this.changes.find(in("_id", changes.stream().map(c -> c.get("_id")).toList()))
                    .projection(new Document("_id", 1))
                    .forEach(d -> present.add(d.get("_id")));
            List<Document> missing = changes.stream().filter(c -> !present.contains(c.get("_id"))).toList();
            if (!missing.isEmpty()) {
                this.changes.insertMany(missing);
            }
        }
    }

    /** The W3C {@code traceparent} of the current span, or null if there is none. */
    public static String currentTraceparent() {
        Map<String, String> trace = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), trace, Map::put);
        return trace.get(TRACEPARENT);
    }

    /** Logs that the whole view was replaced. */
    public long appendReset() {
        return append(new Document("type", OrderChange.Type.RESET.name()));
    }

    private long append(Document change) {
        long seq = nextSeq(1);
        changes.insertOne(change.append("_id", seq).append("at", new Date()));
        return seq;
    }

    /** Takes {@code count} numbers; returns the last of them. */
    private long nextSeq(int count) {
        Document counter = counters.findOneAndUpdate(eq("_id", COLLECTION), inc("seq", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) counter.get("seq")).longValue();
    }

    /** Changes after {@code seq}, oldest first. */
    public List<OrderChange> after(long seq, int limit) {
        return read(gt("_id", seq), limit);
    }

    /** Changes in {@code (after, upTo]}, oldest first, at most {@code limit}. */
    public List<OrderChange> between(long after, long upTo, int limit) {
        return read(and(gt("_id", after), lte("_id", upTo)), limit);
    }

    private List<OrderChange> read(org.bson.conversions.Bson filter, int limit) {
        List<OrderChange> result = new ArrayList<>();
        for (Document document : changes.find(filter).sort(Sorts.ascending("_id")).limit(limit)) {
            result.add(toChange(document));
        }
        return result;
    }

    /** The newest change number taken so far (0 if none). */
    public long lastSeq() {
        Document counter = counters.find(eq("_id", COLLECTION)).first();
        return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
    }

    /** The oldest change still kept (0 if the log is empty). */
    public long firstRetainedSeq() {
        Document first = changes.find().sort(Sorts.ascending("_id")).limit(1).first();
        return first == null ? 0 : ((Number) first.get("_id")).longValue();
    }

    /** Forgets changes numbered below {@code seq}. */
    public void trimBefore(long seq) {
        changes.deleteMany(lt("_id", seq));
    }

    static OrderChange toChange(Document document) {
        long seq = ((Number) document.get("_id")).longValue();
        OrderChange.Type type = OrderChange.Type.valueOf(document.getString("type"));
        Document order = document.get("order", Document.class);
        return new OrderChange(seq, type, order == null ? null : OrderDocuments.toView(order),
                document.getString(TRACEPARENT));
    }
}
