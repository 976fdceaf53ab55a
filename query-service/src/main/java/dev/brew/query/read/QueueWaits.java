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


/**
 * Queue positions and estimated ready times for ORDERED orders (ADR 0903), read from two small collections: the open
 * orders (the queue, each entry with its order's step, drinks and acceptance time) and the drinks' recent preparation
 * times.
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
        // Only the open orders placed up to the newest ORDERED one asked about can be ahead of any of them; their
        // queue entries hold what the estimate needs (ViewWriter), so the queue is all this reads.
        Instant latest = query.orders().stream().filter(o -> o.status() == OrderStatus.ORDERED)
                .map(OrderView::placedAt).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        List<OrderView> open = new ArrayList<>();
        for (Document entry : versions.activeView().queue().find()) {
            Date placed = entry.getDate(OrderDocuments.PLACED_AT);
            if (placed != null && !OrderDocuments.ended(entry)
                    && (latest == null || !placed.toInstant().isAfter(latest))) {
                open.add(OrderDocuments.toView(entry));
            }
        }
        Map<String, Double> typical = prepTimes.typicalSeconds();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return query.orders().stream().map(order -> order.status() != OrderStatus.ORDERED ? order
                : order.withWait(QueueWait.of(order, open,
                        code -> typical.getOrDefault(code, prepTimes.defaultSeconds()), now))).toList();
    }
}
