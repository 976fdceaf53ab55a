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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        List<String> ids = new ArrayList<>();
        view.queue().find().forEach(entry -> ids.add(entry.getString("_id")));
        List<OrderView> open = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Document order : view.orders().find(in("_id", ids))) {
                open.add(OrderDocuments.toView(order));
            }
        }
        Map<String, Double> typical = prepTimes.typicalSeconds();
        Instant now = Instant.now();
        return query.orders().stream().map(order -> order.status() != OrderStatus.ORDERED ? order
                : order.withWait(QueueWait.of(order, open,
                        code -> typical.getOrDefault(code, prepTimes.defaultSeconds()), now))).toList();
    }
}
