package dev.brew.query.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import dev.brew.query.config.QueryProperties;
import dev.brew.query.projection.OrderChangeLog;
import dev.brew.query.projection.OrderDocuments;
import dev.brew.query.projection.ViewVersions;
import dev.brew.query.query.Queries.FindMemberOrders;
import dev.brew.query.query.Queries.FindOrder;
import dev.brew.query.query.Queries.FindOrdersByStatus;
import dev.brew.query.query.Queries.OrderPage;
import dev.brew.query.query.Queries.StreamStart;
import dev.brew.query.query.Queries.WatchOrders;
import dev.brew.contracts.order.OrderStatus;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/** Answers every query from the active version of the order-status view. */
@Component
public class OrderQueryHandler {

    private final ViewVersions versions;
    private final OrderChangeLog changeLog;
    private final OrderChangeFeed feed;
    private final QueryProperties.Stream settings;

    public OrderQueryHandler(ViewVersions versions, OrderChangeLog changeLog, OrderChangeFeed feed,
                             QueryProperties properties) {
        this.versions = versions;
        this.changeLog = changeLog;
        this.feed = feed;
        this.settings = properties.stream();
    }

    @QueryHandler
    public Optional<OrderView> handle(FindOrder query) {
        return Optional.ofNullable(view().find(eq("_id", query.orderId())).first()).map(OrderDocuments::toView);
    }

    @QueryHandler
    public OrderPage handle(FindOrdersByStatus query) {
        Bson filter = eq(OrderDocuments.STATUS, query.status().name());
        return page(filter, Sorts.ascending(OrderDocuments.PLACED_AT, OrderDocuments.NUMBER), query.page(), query.size());
    }

    @QueryHandler
    public OrderPage handle(FindMemberOrders query) {
        Bson filter = eq(OrderDocuments.MEMBER_ID, query.memberId());
        return page(filter, Sorts.descending(OrderDocuments.PLACED_AT, OrderDocuments.NUMBER), query.page(),
                query.size());
    }

    /**
     * The start of a live stream. The change feed's position is read before anything else, so every change after
     * it reaches the subscriber as a live update, and none before it is missed: a resuming client gets the changes
     * between its last event and that position (if the log still has them all and no view swap happened in
     * between), everyone else a snapshot.
     */
    @QueryHandler
    public StreamStart handle(WatchOrders query) {
        long position = feed.position();
        if (query.lastEventId() != null) {
            long last = query.lastEventId();
            if (last >= position && last <= changeLog.lastSeq()) {
                // The client is ahead of this instance's feed (it came from another instance): nothing missed.
                return new StreamStart(last, null, List.of());
            }
            long firstRetained = changeLog.firstRetainedSeq();
            if (last < position && firstRetained > 0 && last >= firstRetained - 1) {
                List<OrderChange> missed = changeLog.between(last, position, settings.catchUpLimit() + 1);
                boolean complete = missed.size() <= settings.catchUpLimit();
                if (complete && missed.stream().noneMatch(OrderChange::isReset)) {
                    return new StreamStart(position, null,
                            missed.stream().filter(c -> c.visibleTo(query.memberId())).toList());
                }
            }
        }
        return new StreamStart(position, snapshot(query.memberId()), null);
    }

    /** What a watcher sees at first: a barista the queue, a member their latest orders. */
    public List<OrderView> snapshot(String memberId) {
        if (memberId == null) {
            return handle(new FindOrdersByStatus(OrderStatus.ORDERED, 0, settings.snapshotLimit())).items();
        }
        return handle(new FindMemberOrders(memberId, 0, settings.snapshotLimit())).items();
    }

    private OrderPage page(Bson filter, Bson sort, int page, int size) {
        MongoCollection<Document> view = view();
        List<OrderView> items = new ArrayList<>();
        for (Document document : view.find(filter).sort(sort).skip(page * size).limit(size)) {
            items.add(OrderDocuments.toView(document));
        }
        long total = page == 0 && items.size() < size ? items.size() : view.countDocuments(filter);
        return new OrderPage(items, page, size, total);
    }

    private MongoCollection<Document> view() {
        return versions.activeCollection();
    }
}
