package dev.brew.query.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.brew.contracts.order.OrderStatus;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.addEachToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.setOnInsert;

/**
 * Applies {@link ViewUpdate}s to a view collection. The updates are idempotent, so applying one again is harmless;
 * an upsert that loses an insert race to another writer of the same order (E11000 on {@code _id}) is retried once
 * as a plain update.
 */
public final class ViewWriter {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private ViewWriter() {
    }

    /**
     * An order's document after a batch of updates changed it, and the position in the batch of the last update that
     * changed it.
     */
    public record Changed(int index, Document after) {
    }

    /**
     * Applies a batch of updates and returns, for each order they really changed, its document after the batch, in
     * the order of each order's last changing update. An update already applied (its sequence number is in the
     * document's {@code applied} list, or earlier in the batch) changes nothing and is not written. Three round
     * trips whatever the batch size: read the documents before, one unordered bulk write, read them after.
     *
     * <p>Exact as long as one writer at a time handles an order in this collection, which the processor's sequencing
     * policy (per aggregate) ensures for the live view. Several updates of one order in a batch give one entry: its
     * state after the last (screens show the newest state; nothing between is lost from the view).
     *
     * <p>Each of the three round trips waits out a MongoDB outage on its own ({@code retry}): repeating the whole
     * method after its write went through would find every update applied and report no change, and the live screens
     * would miss them.
     */
    public static List<Changed> applyAllReturning(ViewVersions.View view, List<ViewUpdate> updates,
                                                  MongoOutageRetry retry) {
        MongoCollection<Document> collection = view.orders();
        if (updates.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        updates.forEach(u -> ids.add(u.orderId()));
        Map<String, Set<Long>> applied = new HashMap<>();
        List<Document> found = retry.call("reading the view before a batch",
                () -> collection.find(in("_id", ids)).into(new ArrayList<>()));
        for (Document before : found) {
            Set<Long> sequences = new HashSet<>();
            before.getList(OrderDocuments.APPLIED, Number.class, List.of()).forEach(n -> sequences.add(n.longValue()));
            applied.put(before.getString("_id"), sequences);
        }
        List<ViewUpdate> changing = new ArrayList<>();
        Map<String, Integer> lastChange = new HashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            ViewUpdate update = updates.get(i);
            if (applied.computeIfAbsent(update.orderId(), k -> new HashSet<>()).add(update.sequence())) {
                changing.add(update);
                lastChange.put(update.orderId(), i);
            }
        }
        if (changing.isEmpty()) {
            return List.of();
        }
        retry.run("writing a batch into the view", () -> applyAll(view, changing));
        List<Document> written = retry.call("reading the view after a batch",
                () -> collection.find(in("_id", lastChange.keySet())).into(new ArrayList<>()));
        List<Changed> changed = new ArrayList<>();
        for (Document after : written) {
            changed.add(new Changed(lastChange.get(after.getString("_id")), after));
        }
        changed.sort(Comparator.comparingInt(Changed::index));
        return changed;
    }

    /** Applies the update. */
    public static void apply(ViewVersions.View view, ViewUpdate update) {
        applyAll(view, List.of(update));
    }

    /**
     * Applies many updates: one bulk write per collection (queue, members, orders), whatever their number. The
     * updates commute (see {@link ViewUpdate}); the queue's are ordered (an order placed and finished in one batch
     * leaves it). The orders go last: their write records each update as applied, so a process that dies before it
     * leaves the updates unapplied and their next try writes all three again (the queue's and members' writes are
     * idempotent). Written first, a kill between the writes left an order's queue or member entry out for good (the
     * retry found the update applied): "my orders" missed an order after query-service was killed (2026-12-06 CI
     * run). Readers skip a queue or member entry whose order is not written yet.
     */
    public static void applyAll(ViewVersions.View view, List<ViewUpdate> updates) {
        List<WriteModel<Document>> queue = new ArrayList<>();
        Map<String, List<Document>> members = new LinkedHashMap<>();
        for (ViewUpdate update : updates) {
            if (update.finishes()) {
                queue.add(new DeleteOneModel<>(update.filter()));
            } else if (update.memberEntry() != null) {
                queue.add(queueEntry(update.orderId(), update.memberEntry()));
                members.computeIfAbsent(update.memberId(), k -> new ArrayList<>()).add(update.memberEntry());
            }
        }
        write(view.queue(), queue, true);
        write(view.members(), memberEntries(members), false);
        write(view.orders(), updates.stream()
                .map(u -> new UpdateOneModel<Document>(u.filter(), u.update(), UPSERT)).toList(), false);
    }

    /** One update per member per batch: a member's document is rewritten once, however many orders they placed. */
    private static List<WriteModel<Document>> memberEntries(Map<String, List<Document>> entries) {
        return entries.entrySet().stream().<WriteModel<Document>>map(e -> new UpdateOneModel<>(
                new Document("_id", e.getKey()), addEachToSet(MEMBER_ORDERS, e.getValue()), UPSERT)).toList();
    }

    private static UpdateOneModel<Document> queueEntry(String orderId, Document entry) {
        return new UpdateOneModel<>(new Document("_id", orderId),
                combine(setOnInsert(OrderDocuments.PLACED_AT, entry.get(OrderDocuments.PLACED_AT)),
                        setOnInsert(OrderDocuments.NUMBER, entry.get(OrderDocuments.NUMBER))), UPSERT);
    }

    /** The field of a member's document that lists their orders (entries of {@link ViewUpdate#ENTRY_ID}...). */
    public static final String MEMBER_ORDERS = "orders";

    /**
     * A bulk write. Unordered where the updates commute (orders, members: the server may apply them as fast as it
     * can); ordered for the queue, whose deletes must follow its inserts. An upsert that lost an insert race (E11000)
     * is done again as a plain update, which now finds the document.
     */
    private static void write(MongoCollection<Document> collection, List<? extends WriteModel<Document>> models,
                              boolean ordered) {
        if (models.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(models, new BulkWriteOptions().ordered(ordered));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
            for (var error : e.getWriteErrors()) {
                if (models.get(error.getIndex()) instanceof UpdateOneModel<Document> update) {
                    collection.updateOne(update.getFilter(), update.getUpdate());
                }
            }
            if (ordered) {
                // An ordered write stops at its first error: the rest after it.
                write(collection, models.subList(e.getWriteErrors().get(0).getIndex() + 1, models.size()), true);
            }
        }
    }

    /** Derives the queue and the members' lists from the orders, for a view written before they existed. */
    static void reshape(ViewVersions.View view) {
        List<WriteModel<Document>> queue = new ArrayList<>();
        Map<String, List<Document>> members = new LinkedHashMap<>();
        for (Document order : view.orders().find()) {
            if (order.get(OrderDocuments.MEMBER_ID) == null) {
                continue;
            }
            Document entry = new Document(ViewUpdate.ENTRY_ID, order.getString("_id"))
                    .append(OrderDocuments.PLACED_AT, order.get(OrderDocuments.PLACED_AT))
                    .append(OrderDocuments.NUMBER, order.get(OrderDocuments.NUMBER));
            OrderStatus status = OrderDocuments.status(order);
            if (status != null && status.isOpen()) {
                queue.add(queueEntry(order.getString("_id"), entry));
            }
            members.computeIfAbsent(order.getString(OrderDocuments.MEMBER_ID), k -> new ArrayList<>()).add(entry);
        }
        write(view.queue(), queue, true);
        write(view.members(), memberEntries(members), false);
    }
}
