package dev.brew.query.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.brew.contracts.order.OrderStatus;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.max;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

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
     * document's {@code applied} list, or earlier in the batch) changes nothing and is not written. One read whatever
     * the batch size (the documents before), then the bulk writes; the documents after are the ones read with the
     * batch's updates applied ({@link ViewUpdate#applyTo}), not read back.
     *
     * <p>Exact as long as one writer at a time handles an order in this collection, which the processor's sequencing
     * policy (per aggregate) ensures for the live view. Several updates of one order in a batch give one entry: its
     * state after the last (screens show the newest state; nothing between is lost from the view).
     *
     * <p>The read and the write each wait out a MongoDB outage on their own ({@code retry}): repeating the whole
     * method after its write went through would find every update applied and report no change, and the live screens
     * would miss them.
     */
    public static List<Changed> applyAllReturning(ViewVersions.View view, List<ViewUpdate> updates,
                                                  MongoOutageRetry retry) {
        if (updates.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        updates.forEach(u -> ids.add(u.orderId()));
        Map<String, Document> before = new HashMap<>();
        retry.call("reading the view before a batch", () -> view.orders().find(in("_id", ids))
                .into(new ArrayList<>())).forEach(document -> before.put(document.getString("_id"), document));
        Map<String, Set<Long>> applied = new HashMap<>();
        before.forEach((id, document) -> applied.put(id, document.getList(OrderDocuments.APPLIED, Number.class,
                List.of()).stream().map(Number::longValue).collect(Collectors.toCollection(HashSet::new))));
        List<ViewUpdate> changing = new ArrayList<>();
        Map<String, Integer> lastChange = new LinkedHashMap<>();
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
        Map<String, ViewUpdate> byOrder = new HashMap<>();
        changing.forEach(update -> byOrder.merge(update.orderId(), update, ViewUpdate::merge));
        List<Changed> changed = new ArrayList<>();
        lastChange.forEach((id, index) -> changed.add(new Changed(index, byOrder.get(id).applyTo(before.get(id)))));
        changed.sort(Comparator.comparingInt(Changed::index));
        return changed;
    }

    /** Applies the update. */
    public static void apply(ViewVersions.View view, ViewUpdate update) {
        applyAll(view, List.of(update));
    }

    /** Applies many updates as the one writer of their orders in this view (see below). */
    public static void applyAll(ViewVersions.View view, List<ViewUpdate> updates) {
        applyAll(view, updates, false);
    }

    /**
     * Applies many updates: one bulk write per collection (queue, members, orders), whatever their number (in commands
     * of at most {@value #COMMAND_SIZE} writes), and at most one write per order and collection: the updates of an
     * order fold into one ({@link ViewUpdate#merge}; they commute). An order placed and finished in one batch (most
     * orders of a replay) never enters the queue, so it gets no queue write at all, and a placement's document is
     * inserted whole (an upsert looks the document up first); if the document exists already (the other writer of a
     * version being built wrote a later step first, or a redelivery), the insert fails on its {@code _id} alone and
     * the order is upserted instead (ADR 0110). The orders go last: their write records each update as applied, so a
     * process that dies before it leaves the updates unapplied and their next try writes all three again (the queue's
     * and members' writes are idempotent). Written first, a kill between the writes left an order's queue or member
     * entry out for good (the retry found the update applied): "my orders" missed an order after query-service was
     * killed (2026-12-06 CI run). Readers skip a queue or member entry whose order is not written yet, and remove a
     * queue entry whose order has ended (the entry such a kill leaves when the batch's next try also holds the
     * order's end).
     *
     * @param keepEnds whether another writer may write the same orders here out of their order (the live projection
     *                 writing the version a replay builds): a finished order's queue entry is then kept, marked
     *                 ended ({@code stage} 3), so that a late write of its placement cannot put it back in the queue;
     *                 readers skip and remove such entries once the version is active. Otherwise it is deleted.
     */
    public static void applyAll(ViewVersions.View view, List<ViewUpdate> updates, boolean keepEnds) {
        Map<String, ViewUpdate> byOrder = new LinkedHashMap<>();
        updates.forEach(update -> byOrder.merge(update.orderId(), update, ViewUpdate::merge));
        List<WriteModel<Document>> queue = new ArrayList<>();
        Map<String, List<Document>> members = new LinkedHashMap<>();
        for (ViewUpdate update : byOrder.values()) {
            if (!update.finishes() || keepEnds) {
                queue.add(new UpdateOneModel<>(update.filter(), queueEntry(update.stage(), update.facts()), UPSERT));
            } else if (!update.places()) {
                queue.add(new DeleteOneModel<>(update.filter()));
            }
            if (update.memberEntry() != null) {
                members.computeIfAbsent(update.memberId(), k -> new ArrayList<>()).add(update.memberEntry());
            }
        }
        write(view.queue(), queue);
        write(view.members(), MemberOrders.additions(members));
        List<ViewUpdate> orders = List.copyOf(byOrder.values());
        write(view.orders(), orders.stream().map(u -> u.places() ? new InsertOneModel<>(u.applyTo(null))
                : upsert(u)).toList(), i -> upsert(orders.get(i)));
    }

    private static UpdateOneModel<Document> upsert(ViewUpdate update) {
        return new UpdateOneModel<>(update.filter(), update.update(), UPSERT);
    }

    /**
     * A queue entry: the order's furthest step ({@code $max}, so steps applied in any order agree) and, from its
     * events, what the queue sorts by and what a wait estimate needs (the drinks, when it was accepted; ADR 0903), so
     * both read the queue alone. A step applied before its placement (a replay and the live projection writing one
     * version) leaves an entry without {@code placedAt} until the placement comes.
     */
    private static Bson queueEntry(int stage, Document facts) {
        List<Bson> updates = new ArrayList<>(List.of(max(OrderDocuments.STAGE, stage)));
        for (String field : QUEUE_FIELDS) {
            if (facts.containsKey(field)) {
                updates.add(set(field, facts.get(field)));
            }
        }
        return combine(updates);
    }

    private static final List<String> QUEUE_FIELDS = List.of(OrderDocuments.PLACED_AT, OrderDocuments.NUMBER,
            OrderDocuments.ITEMS, OrderDocuments.ACCEPTED_AT);

    /**
     * Bulk writes, unordered (one write per document, and they commute: the server may apply them as fast as it
     * can), of at most {@value #COMMAND_SIZE} writes each: a replay's batch of thousands is several short commands,
     * not one long one that a reader's query waits behind (the stand-in runs a connection's commands on a shared
     * event loop). A write that found its document there already (E11000: an upsert that lost an insert race, an
     * insert of a document another write made) is done again as {@code instead} gives it: an update, which now finds
     * the document.
     */
    private static void write(MongoCollection<Document> collection, List<? extends WriteModel<Document>> models,
                              IntFunction<UpdateOneModel<Document>> instead) {
        for (int from = 0; from < models.size(); from += COMMAND_SIZE) {
            List<? extends WriteModel<Document>> command = models.subList(from,
                    Math.min(models.size(), from + COMMAND_SIZE));
            try {
                collection.bulkWrite(command, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                    throw e;
                }
                for (var error : e.getWriteErrors()) {
                    UpdateOneModel<Document> update = instead.apply(from + error.getIndex());
                    collection.updateOne(update.getFilter(), update.getUpdate());
                }
            }
        }
    }

    /** Upserts (and deletes, which never fail on a key). */
    private static void write(MongoCollection<Document> collection, List<? extends WriteModel<Document>> models) {
        write(collection, models, i -> (UpdateOneModel<Document>) models.get(i));
    }

    /** Most writes in one bulk write command (ADR 0113, docs/benchmarks.md entry 17). */
    static final int COMMAND_SIZE = 200;

    /**
     * Derives the queue (again, with each entry's step) and the members' orders from the orders, for a view written
     * before they had their present shape.
     */
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
            Document id = new Document("_id", order.getString("_id"));
            queue.add(status != null && status.isOpen()
                    ? new UpdateOneModel<>(id, queueEntry(ViewUpdate.stageOf(status), order), UPSERT)
                    : new DeleteOneModel<>(id));
            members.computeIfAbsent(order.getString(OrderDocuments.MEMBER_ID), k -> new ArrayList<>()).add(entry);
        }
        write(view.queue(), queue);
        write(view.members(), MemberOrders.additions(members));
        // A member's one list of every order (shape 4) is in their months now.
        view.members().updateMany(exists(MemberOrders.MONTHS), unset(MemberOrders.ORDERS));
    }
}
