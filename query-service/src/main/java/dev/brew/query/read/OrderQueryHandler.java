package dev.brew.query.read;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import dev.brew.query.QueryProperties;
import dev.brew.query.projection.OrderDocuments;
import dev.brew.query.projection.ViewUpdate;
import dev.brew.query.projection.ViewVersions;
import dev.brew.query.model.OrderChange;
import dev.brew.query.model.OrderView;
import dev.brew.query.projection.OrderChangeFeed;
import dev.brew.query.projection.MemberOrders;
import dev.brew.query.model.Queries.FindMemberOrders;
import dev.brew.query.model.Queries.FindOrder;
import dev.brew.query.model.Queries.FindOrdersByStatus;
import dev.brew.query.model.Queries.OrderPage;
import dev.brew.query.model.Queries.StreamStart;
import dev.brew.query.model.Queries.WatchOrders;
import dev.brew.contracts.order.OrderStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/** Answers every query from the active version of the order-status view. */
@Component
public class OrderQueryHandler {

    private final ViewVersions versions;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrderQueryHandler.class);
    private final OrderChangeFeed feed;
    private final QueryProperties.Stream settings;

    public OrderQueryHandler(ViewVersions versions, OrderChangeFeed feed,
                             QueryProperties properties) {
        this.versions = versions;
        this.feed = feed;
        this.settings = properties.stream();
    }

    @QueryHandler
    public Optional<OrderView> handle(FindOrder query) {
        return Optional.ofNullable(versions.activeCollection().find(eq("_id", query.orderId())).first())
                .map(OrderDocuments::toView);
    }

    /**
     * The barista queue reads the small collection of open orders (ORDERED, ACCEPTED, READY) whole, each entry with
     * its order's step, then only the page's orders by {@code _id}. Other statuses (finished orders, an operator's
     * look back, not a hot read) are listed from the orders.
     */
    @QueryHandler
    public OrderPage handle(FindOrdersByStatus query) {
        if (query.status() == null || query.status().isOpen()) {
            return openOrders(query.page(), query.size(), query.status());
        }
        ViewVersions.View view = versions.activeView();
        return page(view.orders(), eq(OrderDocuments.STATUS, query.status().name()), query.page(), query.size());
    }

    private OrderPage openOrders(int page, int size, OrderStatus wanted) {
        ViewVersions.View view = versions.activeView();
        List<Document> entries = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        for (Document entry : view.queue().find()) {
            if (OrderDocuments.ended(entry)) {
                ended.add(entry.getString("_id"));
            } else if (entry.get(OrderDocuments.PLACED_AT) != null
                    && (wanted == null || wanted.ordinal() == OrderDocuments.stage(entry))) {
                entries.add(entry);
            }
        }
        entries.sort(OLDEST_FIRST);
        List<OrderView> orders = orders(view, slice(entries.stream().map(e -> e.getString("_id")).toList(), page,
                size));
        // Entries kept for orders that ended while a replay built this version (ViewWriter.applyAll), and any a late
        // duplicate of a placement put back (ADR 0110), leave the queue.
        orders.stream().filter(o -> o.status() == null || !o.status().isOpen()).forEach(o -> ended.add(o.orderId()));
        if (!ended.isEmpty()) {
            view.queue().deleteMany(in("_id", ended));
        }
        return new OrderPage(orders.stream().filter(o -> o.status() != null && o.status().isOpen()
                && (wanted == null || o.status() == wanted)).toList(), page, size, entries.size());
    }

    /** A member's orders: their entries ({@link MemberOrders}), then the page's orders, each by {@code _id}. */
    @QueryHandler
    public OrderPage handle(FindMemberOrders query) {
        ViewVersions.View view = versions.activeView();
        List<Document> entries = new ArrayList<>(MemberOrders.entries(view.members(), query.memberId()));
        entries.sort(OLDEST_FIRST.reversed());
        List<String> all = entries.stream().map(e -> e.getString(ViewUpdate.ENTRY_ID)).distinct().toList();
        return new OrderPage(orders(view, slice(all, query.page(), query.size())), query.page(), query.size(),
                all.size());
    }

    private static final Comparator<Document> OLDEST_FIRST = Comparator
            .<Document, Date>comparing(d -> d.getDate(OrderDocuments.PLACED_AT))
            .thenComparing(d -> d.getInteger(OrderDocuments.NUMBER, 0));

    private static List<String> slice(List<String> ids, int page, int size) {
        long from = (long) page * size;
        return from >= ids.size() ? List.of() : ids.subList((int) from, (int) Math.min(ids.size(), from + size));
    }

    /** The orders with these ids, in this order: one {@code $in} on {@code _id}, served from the index. */
    private static List<OrderView> orders(ViewVersions.View view, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, OrderView> found = new HashMap<>();
        view.orders().find(in("_id", ids)).forEach(d -> found.put(d.getString("_id"), OrderDocuments.toView(d)));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /**
     * The start of a live stream. The feed's position is read before anything else, so every change after it
     * reaches the subscriber as a live update, and none before it is missed: a resuming client gets the changes
     * between its last event and that position (if the topic still has them all and no view swap happened in
     * between), everyone else a snapshot.
     */
    @QueryHandler
    public StreamStart handle(WatchOrders query) {
        long position = feed.position();
        if (query.lastEventId() != null && query.lastEventId() >= 0) {
            long last = query.lastEventId();
            try {
                if (last >= position && last <= feed.lastSeq()) {
                    // The client is ahead of this instance's feed (it came from another instance): nothing missed.
                    return new StreamStart(last, null, List.of());
                }
                Optional<List<OrderChange>> missed = last < position
                        ? feed.between(last, position, settings.catchUpLimit()) : Optional.empty();
                if (missed.isPresent() && missed.get().stream().noneMatch(OrderChange::isReset)) {
                    return new StreamStart(position, null,
                            missed.get().stream().filter(c -> c.visibleTo(query.memberId())).toList());
                }
            } catch (RuntimeException e) {
                log.warn("Could not read the missed changes; sending a snapshot: {}", e.toString());
            }
        }
        return new StreamStart(position, snapshot(query.memberId()), null);
    }

    /** What a watcher sees at first: a barista the queue, a member their latest orders. */
    public List<OrderView> snapshot(String memberId) {
        if (memberId == null) {
            // Every open order: the barista's New, In progress and Ready columns.
            return handle(new FindOrdersByStatus(null, 0, settings.snapshotLimit())).items();
        }
        return handle(new FindMemberOrders(memberId, 0, settings.snapshotLimit())).items();
    }

    private static OrderPage page(MongoCollection<Document> view, Bson filter, int page, int size) {
        Bson sort = Sorts.ascending(OrderDocuments.PLACED_AT, OrderDocuments.NUMBER);
        List<OrderView> items = new ArrayList<>();
        for (Document document : view.find(filter).sort(sort).skip(page * size).limit(size)) {
            items.add(OrderDocuments.toView(document));
        }
        long total = page == 0 && items.size() < size ? items.size() : view.countDocuments(filter);
        return new OrderPage(items, page, size, total);
    }

}
