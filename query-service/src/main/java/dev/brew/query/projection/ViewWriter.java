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
 * Applies {@link ViewUpdate}s to a view collection, exactly once each. A guarded upsert that finds the event already
 * applied tries to insert a second document with the same {@code _id} and fails with E11000; that failure is retried
 * once as a plain update, which tells "already applied" (matches nothing) from "lost an insert race to another
 * writer of the same order" (matches, and applies).
 */
public final class ViewWriter {

    private static final FindOneAndUpdateOptions UPSERT_RETURNING = new FindOneAndUpdateOptions()
            .upsert(true).returnDocument(ReturnDocument.AFTER);
    private static final FindOneAndUpdateOptions RETURNING = new FindOneAndUpdateOptions()
            .returnDocument(ReturnDocument.AFTER);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private ViewWriter() {
    }

    /** Applies the update and returns the document after it, or null if the event had been applied already. */
    public static Document applyReturning(MongoCollection<Document> collection, ViewUpdate update) {
        try {
            return collection.findOneAndUpdate(update.filter(), update.update(), UPSERT_RETURNING);
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            return collection.findOneAndUpdate(update.filter(), update.update(), RETURNING);
        }
    }

    /** Applies the update; returns whether it changed anything. */
    public static boolean apply(MongoCollection<Document> collection, ViewUpdate update) {
        try {
            var result = collection.updateOne(update.filter(), update.update(), UPSERT);
            return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            return collection.updateOne(update.filter(), update.update()).getModifiedCount() > 0;
        }
    }

    /**
     * Applies many updates in one unordered bulk write. Unordered is safe because the updates commute (see
     * {@link ViewUpdate}); duplicates are sorted out one by one afterwards.
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
