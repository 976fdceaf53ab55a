package dev.brew.query.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.brew.contracts.order.OrderItem;
import dev.brew.query.model.OrderChange;
import dev.brew.query.model.OrderView;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Updates.pushEach;
import static com.mongodb.client.model.Updates.setOnInsert;

/**
 * How long each drink takes from accepted to ready, recently (ADR 0903): one small document per menu code in
 * {@value #COLLECTION} holding its newest {@code window} samples (seconds per drink of an order: the order's accept →
 * ready time over its number of drinks, recorded under each of its menu codes).
 *
 * <p>Written from the live projection's changes at an order's READY step (also when its batch folded that step into
 * a later state): an order that has both times gives its sample, unless steps were skipped: accepted and ready at one
 * instant, or ready and handed over at one instant ({@code /complete} records the steps it skips at once), which
 * would give 0-second samples that pull the median down. The write is
 * idempotent and commutative: a sample is pushed only where its order is not already there, and the array is kept
 * sorted by ready time and cut to the newest {@code window}, so duplicates, redeliveries and any order of arrival
 * end in the same document. Not part of the view's versions: a rebuilt view leaves it as it is (the live projection
 * keeps it, and it only ever describes the recent past).
 */
@Component
public class PrepTimes {

    public static final String COLLECTION = "drink_prep_times";
    private static final Logger log = LoggerFactory.getLogger(PrepTimes.class);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> samples;
    private final int window;
    private final double defaultSeconds;

    public PrepTimes(MongoDatabase database, @Value("${brew.query.wait.window:20}") int window,
                     @Value("${brew.query.wait.default-per-drink:3m}") Duration defaultPerDrink) {
        this.samples = database.getCollection(COLLECTION);
        this.window = window;
        this.defaultSeconds = defaultPerDrink.toMillis() / 1000.0;
    }

    /**
     * Records the samples these changes give. Best effort: a sample lost to a failed write only makes one estimate
     * a little less exact, so a failure is logged and does not fail (and replay) the projection's batch.
     */
    public void record(List<OrderChange> changes) {
        List<WriteModel<Document>> models = new ArrayList<>();
        for (OrderChange change : changes) {
            OrderView order = change.order();
            if (order == null || order.acceptedAt() == null || order.readyAt() == null
                    || !order.acceptedAt().isBefore(order.readyAt()) || order.readyAt().equals(order.completedAt())) {
                continue;
            }
            int drinks = order.items().stream().mapToInt(OrderItem::quantity).sum();
            if (drinks <= 0) {
                continue;
            }
            double seconds = Duration.between(order.acceptedAt(), order.readyAt()).toMillis() / 1000.0 / drinks;
            Document sample = new Document("o", order.orderId()).append("s", seconds)
                    .append("at", Date.from(order.readyAt()));
            Set<String> codes = new LinkedHashSet<>();
            order.items().forEach(item -> codes.add(item.menuCode()));
            for (String code : codes) {
                models.add(new UpdateOneModel<>(eq("_id", code), setOnInsert("samples", List.of()), UPSERT));
                models.add(new UpdateOneModel<>(and(eq("_id", code), ne("samples.o", order.orderId())),
                        pushEach("samples", List.of(sample),
                                new PushOptions().sortDocument(new Document("at", 1)).slice(-window))));
            }
        }
        if (models.isEmpty()) {
            return;
        }
        try {
            write(models);
        } catch (RuntimeException e) {
            log.warn("Could not record drink preparation times: {}", e.toString());
        }
    }

    private void write(List<WriteModel<Document>> models) {
        try {
            samples.bulkWrite(models, new BulkWriteOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            // Another instance created a drink's document at the same moment (E11000): once more finds it there.
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
                throw e;
            }
            samples.bulkWrite(models, new BulkWriteOptions().ordered(true));
        }
    }

    /** The typical seconds one drink takes, per menu code: the median of its samples (the default without). */
    public Map<String, Double> typicalSeconds() {
        Map<String, Double> typical = new HashMap<>();
        for (Document drink : samples.find()) {
            List<Double> seconds = new ArrayList<>();
            drink.getList("samples", Document.class, List.of())
                    .forEach(s -> seconds.add(((Number) s.get("s")).doubleValue()));
            if (!seconds.isEmpty()) {
                seconds.sort(Double::compare);
                int middle = seconds.size() / 2;
                typical.put(drink.getString("_id"), seconds.size() % 2 == 1 ? seconds.get(middle)
                        : (seconds.get(middle - 1) + seconds.get(middle)) / 2);
            }
        }
        return typical;
    }

    /** Seconds per drink for a menu code with no samples yet. */
    public double defaultSeconds() {
        return defaultSeconds;
    }
}
