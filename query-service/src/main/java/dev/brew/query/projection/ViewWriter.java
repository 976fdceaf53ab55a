package dev.brew.query.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;

import java.util.List;

/**
 * Applies {@link ViewUpdate}s to a view collection. The updates are idempotent, so applying one again is harmless;
 * an upsert that loses an insert race to another writer of the same order (E11000 on {@code _id}) is retried once
 * as a plain update.
 */
public final class ViewWriter {

    private static final FindOneAndUpdateOptions UPSERT_RETURNING_BEFORE = new FindOneAndUpdateOptions()
            .upsert(true).returnDocument(ReturnDocument.BEFORE);
    private static final FindOneAndUpdateOptions RETURNING_BEFORE = new FindOneAndUpdateOptions()
            .returnDocument(ReturnDocument.BEFORE);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private ViewWriter() {
    }

    /**
     * Applies the update and returns the document after it, or null if the event had been applied already (then
     * the document is unchanged). Exact as long as one writer at a time handles an order in this collection, which
     * the processor's sequencing policy (per aggregate) ensures for the live view.
     */
    public static Document applyReturning(MongoCollection<Document> collection, ViewUpdate update) {
        Document before;
        try {
            before = collection.findOneAndUpdate(update.filter(), update.update(), UPSERT_RETURNING_BEFORE);
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            before = collection.findOneAndUpdate(update.filter(), update.update(), RETURNING_BEFORE);
        }
        if (update.alreadyIn(before)) {
            return null;
        }
        return collection.find(update.filter()).first();
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
