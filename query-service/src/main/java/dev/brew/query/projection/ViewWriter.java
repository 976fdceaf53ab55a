package dev.brew.query.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.in;

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
    public static List<Changed> applyAllReturning(MongoCollection<Document> collection, List<ViewUpdate> updates,
                                                  MongoOutageRetry retry) {
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
        retry.run("writing a batch into the view", () -> applyAll(collection, changing));
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
    public static void apply(MongoCollection<Document> collection, ViewUpdate update) {
        try {
            collection.updateOne(update.filter(), update.update(), UPSERT);
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            collection.updateOne(update.filter(), update.update());
        }
    }

    /**
     * Applies many updates in one unordered bulk write. Unordered is safe because the updates commute (see
     * {@link ViewUpdate}); lost insert races are retried one by one afterwards.
     */
    public static void applyAll(MongoCollection<Document> collection, List<ViewUpdate> updates) {
        if (updates.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> models = updates.stream()
                .map(u -> new UpdateOneModel<Document>(u.filter(), u.update(), UPSERT)).toList();
        try {
            collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                ViewUpdate update = updates.get(error.getIndex());
                collection.updateOne(update.filter(), update.update());
            }
        }
    }

    static boolean isDuplicateKey(MongoException e) {
        return e.getCode() == 11000 || e.getCode() == 11001;
    }
}
