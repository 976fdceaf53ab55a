package dev.brew.query.read;

import dev.brew.contracts.order.OrderStatus;
import dev.brew.query.model.OrderView;
import dev.brew.query.model.Queries.EstimateWaits;
import dev.brew.query.model.QueueWait;
import dev.brew.query.projection.OrderDocuments;
import dev.brew.query.projection.PrepTimes;
import dev.brew.query.projection.ViewVersions;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static com.mongodb.client.model.Filters.in;

/**
 * Queue positions and estimated ready times for ORDERED orders (ADR 0903), read from two small collections: the open
 * orders (the queue, then those orders by {@code _id}) and the drinks' recent preparation times.
 */
@Component
public class QueueWaits {

    private final ViewVersions versions;
    private final PrepTimes prepTimes;

    public QueueWaits(ViewVersions versions, PrepTimes prepTimes) {
        this.versions = versions;
        this.prepTimes = prepTimes;
    }

    @QueryHandler
    public List<OrderView> handle(EstimateWaits query) {
        if (query.orders().stream().noneMatch(o -> o.status() == OrderStatus.ORDERED)) {
            return query.orders();
        }
        ViewVersions.View view = versions.activeView();
        // Only the open orders placed up to the newest ORDERED one asked about can be ahead of any of them.
        Instant latest = query.orders().stream().filter(o -> o.status() == OrderStatus.ORDERED)
                .map(OrderView::placedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        List<String> ids = new ArrayList<>();
        for (Document entry : view.queue().find()) {
            Date placed = entry.getDate(OrderDocuments.PLACED_AT);
            boolean ended = OrderDocuments.stage(entry) > OrderStatus.READY.ordinal();
            if (!ended && (latest == null || placed == null || !placed.toInstant().isAfter(latest))) {
                ids.add(entry.getString("_id"));
            }
        }
        List<OrderView> open = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Document order : view.orders().find(in("_id", ids))) {
                open.add(OrderDocuments.toView(order));
            }
        }
        Map<String, Double> typical = prepTimes.typicalSeconds();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return query.orders().stream().map(order -> order.status() != OrderStatus.ORDERED ? order
                : order.withWait(QueueWait.of(order, open,
                        code -> typical.getOrDefault(code, prepTimes.defaultSeconds()), now))).toList();
    }
}
