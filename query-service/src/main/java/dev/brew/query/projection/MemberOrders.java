package dev.brew.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Updates.addEachToSet;

/**
 * Each member's orders in a view version's {@code member_orders_v<N>} (ADR 0110): one document per member and month
 * they ordered in, {@code {_id: "<member>/<yyyy-MM>", orders: [{id, placedAt, orderNumber}]}}, and one per member
 * naming those months, {@code {_id: "<member>", months: ["2026-12", ...]}}. A placement adds its entry to its month's
 * document and its month to the member's, both {@code $addToSet} of values its event fixes (idempotent, commutative;
 * the month is the placement time's, in UTC). So a write rewrites at most a month of one member's orders, never their
 * whole history, and no document grows without bound (a member's document gains twelve short strings a year).
 * Reading them is two {@code _id} lookups: the member's document, then their months'.
 */
public final class MemberOrders {

    /** A month document's entries; also the one list of a member document written before the months (shape 4). */
    public static final String ORDERS = "orders";
    /** A member document's months. */
    public static final String MONTHS = "months";

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private MemberOrders() {
    }

    /** The writes that add these entries (per member, in any order): two documents per member and month. */
    static List<WriteModel<Document>> additions(Map<String, List<Document>> entriesByMember) {
        List<WriteModel<Document>> models = new ArrayList<>();
        entriesByMember.forEach((member, entries) -> {
            Map<String, List<Document>> byMonth = new TreeMap<>();
            entries.forEach(entry -> byMonth.computeIfAbsent(month(entry), k -> new ArrayList<>()).add(entry));
            models.add(new UpdateOneModel<>(new Document("_id", member),
                    addEachToSet(MONTHS, List.copyOf(byMonth.keySet())), UPSERT));
            byMonth.forEach((month, added) -> models.add(new UpdateOneModel<>(
                    new Document("_id", member + "/" + month), addEachToSet(ORDERS, added), UPSERT)));
        });
        return models;
    }

    /**
     * A member's entries, in no particular order: their document by {@code _id}, then their months' by {@code _id}
     * (and the one list a member document held before the months, left by an instance of the older shape).
     */
    public static List<Document> entries(MongoCollection<Document> members, String memberId) {
        Document member = members.find(eq("_id", memberId)).first();
        if (member == null) {
            return List.of();
        }
        List<Document> entries = new ArrayList<>(member.getList(ORDERS, Document.class, List.of()));
        List<String> months = member.getList(MONTHS, String.class, List.of()).stream()
                .map(month -> memberId + "/" + month).toList();
        if (!months.isEmpty()) {
            members.find(in("_id", months)).forEach(month -> entries.addAll(month.getList(ORDERS, Document.class,
                    List.of())));
        }
        return entries;
    }

    private static String month(Document entry) {
        Date placedAt = entry.getDate(OrderDocuments.PLACED_AT);
        return placedAt == null ? "unknown" : MONTH.format(placedAt.toInstant());
    }
}
