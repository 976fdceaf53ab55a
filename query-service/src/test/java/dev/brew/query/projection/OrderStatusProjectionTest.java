package dev.brew.query.projection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderAccepted;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.OrderRejected;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderStatus;
import dev.brew.query.model.OrderChange;
import dev.brew.query.model.OrderView;
import dev.brew.query.model.Queries;
import dev.brew.query.QueryProperties;
import dev.brew.query.read.OrderQueryHandler;
import dev.brew.query.support.OrderEvents;
import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import dev.brew.testing.SharedServers;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;
import static com.mongodb.client.model.Filters.eq;

/** The projection on its own, against MongoDB: each event, duplicates, and delivery out of order. */
@RealServers(Server.MONGO)
class OrderStatusProjectionTest {

    static MongoClient client;
    MongoDatabase database;
    ViewVersions versions;
    /** What the projection published, in order (the feed's topic in the service). */
    List<OrderChange> published;
    OrderStatusProjection projection;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(SharedServers.mongo().uri());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = client.getDatabase("projection_test_" + UUID.randomUUID().toString().substring(0, 8));
        versions = new ViewVersions(database).initialize();
        published = new java.util.concurrent.CopyOnWriteArrayList<>();
        projection = new OrderStatusProjection(versions, published::addAll, null,
                new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry()), new SimpleMeterRegistry());
    }

    /**
     * A process killed between a batch's writes: the orders' write records the updates as applied, so it goes last,
     * and the batch's next try writes the queue and the member's list again. (Written first, the kill left "my
     * orders" without the order for good: the 2026-12-06 CI run's query-service-killed scenario.)
     */
    @Test
    void a_batch_cut_off_between_its_writes_is_written_whole_when_tried_again() {
        OrderPlaced placed = OrderEvents.placed("o-1", "m-1", Instant.parse("2026-01-02T03:04:05.678Z"));
        ViewVersions.View view = versions.activeView();
        MongoOutageRetry retry = new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry());

        cutOffAfterTheQueue(view, ViewUpdate.placed(placed, 0), retry);
        List<ViewWriter.Changed> changed = ViewWriter.applyAllReturning(view, List.of(ViewUpdate.placed(placed, 0)),
                retry);

        assertThat(changed).as("the retry writes the placement").hasSize(1);
        assertThat(MemberOrders.entries(view.members(), "m-1")).as("m-1's orders")
                .extracting(entry -> entry.getString(ViewUpdate.ENTRY_ID)).containsExactly("o-1");
        assertThat(view.queue().find(eq("_id", "o-1")).first()).as("the queue's entry").isNotNull();
        assertThat(view("o-1").status()).isEqualTo(OrderStatus.ORDERED);
    }

    /**
     * An order placed and finished in one batch (most of a replay's) gets no queue write. If a kill cut off an earlier
     * try of its placement after the queue's write and the next try also holds its end, that try leaves the entry:
     * the first reader of the queue that meets it removes it (the order has ended), and nobody sees it as open.
     */
    @Test
    void an_order_placed_and_finished_in_one_batch_stays_out_of_the_queue_also_after_a_cut_off_try() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        ViewVersions.View view = versions.activeView();
        MongoOutageRetry retry = new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry());
        cutOffAfterTheQueue(view, ViewUpdate.placed(OrderEvents.placed("o-1", "m-1", at), 0), retry);
        assertThat(view.queue().countDocuments(eq("_id", "o-1"))).as("the cut-off try's queue entry").isOne();

        ViewWriter.applyAllReturning(view, List.of(ViewUpdate.placed(OrderEvents.placed("o-1", "m-1", at), 0),
                ViewUpdate.cancelled(OrderEvents.cancelled("o-1"), 1),
                ViewUpdate.placed(OrderEvents.placed("o-2", "m-1", at.plusSeconds(1)), 0),
                ViewUpdate.pickedUp(new OrderPickedUp("o-2", "barista", at.plusSeconds(60)), 1),
                ViewUpdate.placed(OrderEvents.placed("o-3", "m-1", at.plusSeconds(2)), 0)), retry);

        assertThat(view("o-1").status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(view("o-2").status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view.queue().find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .as("o-2 never entered the queue").containsExactlyInAnyOrder("o-1", "o-3");
        OrderQueryHandler reader = new OrderQueryHandler(versions, null, new QueryProperties(null, null,
                new QueryProperties.Stream(Duration.ofSeconds(15), 500, 1000, 5, 1000, Duration.ofMillis(500)), null));
        assertThat(reader.handle(new Queries.FindOrdersByStatus(null, 0, 20)).items())
                .extracting(OrderView::orderId).containsExactly("o-3");
        assertThat(view.queue().find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .as("the leftover entry, once read").containsExactly("o-3");
        assertThat(MemberOrders.entries(view.members(), "m-1")).extracting(e -> e.getString(ViewUpdate.ENTRY_ID))
                .containsExactlyInAnyOrder("o-1", "o-2", "o-3");
    }

    /** Writes the update as a process killed after the queue's write would: the members' write fails. */
    private void cutOffAfterTheQueue(ViewVersions.View view, ViewUpdate update, MongoOutageRetry retry) {
        MongoClient gone = MongoClients.create(SharedServers.mongo().uri());
        gone.close();
        ViewVersions.View cutOff = new ViewVersions.View(view.orders(), view.queue(), gone.getDatabase(
                database.getName()).getCollection(view.members().getNamespace().getCollectionName()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ViewWriter.applyAllReturning(cutOff,
                List.of(update), retry)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_placed_order_is_in_the_queue_with_all_its_facts() {
        var placed = OrderEvents.placed("o-1", "m-1", Instant.parse("2026-01-02T03:04:05.678Z"));
        projection.on(placed, 0, Instant.now());

        OrderView view = view("o-1");
        assertThat(view.orderNumber()).isEqualTo(placed.orderNumber());
        assertThat(view.memberId()).isEqualTo("m-1");
        assertThat(view.memberName()).isEqualTo("name-of-m-1");
        assertThat(view.items()).isEqualTo(placed.items());
        assertThat(view.total()).isEqualTo(14_500);
        assertThat(view.status()).isEqualTo(OrderStatus.ORDERED);
        assertThat(view.placedAt()).isEqualTo(placed.placedAt());
        assertThat(view.lastSequence()).isZero();
        assertThat(published).singleElement().satisfies(change -> {
            assertThat(change.type()).isEqualTo(OrderChange.Type.ORDER);
            assertThat(change.order()).isEqualTo(view);
        });
    }

    @Test
    void the_counter_steps_show_in_turn_and_the_order_leaves_the_queue_when_picked_up() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        projection.on(OrderEvents.placed("o-1", "m-1", t), 0, Instant.now());
        projection.on(new OrderAccepted("o-1", "barista-1", t.plusSeconds(10)), 1, Instant.now());
        assertThat(view("o-1").status()).isEqualTo(OrderStatus.ACCEPTED);
        assertThat(view("o-1").acceptedAt()).isEqualTo(t.plusSeconds(10));
        assertThat(versions.activeView().queue().countDocuments(eq("_id", "o-1"))).as("still open").isOne();
        projection.on(new OrderReady("o-1", "barista-1", t.plusSeconds(200)), 2, Instant.now());
        assertThat(view("o-1").status()).isEqualTo(OrderStatus.READY);
        assertThat(view("o-1").readyAt()).isEqualTo(t.plusSeconds(200));
        projection.on(new OrderPickedUp("o-1", "barista-2", t.plusSeconds(300)), 3, Instant.now());

        OrderView view = view("o-1");
        assertThat(view.status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view.completedAt()).isEqualTo(t.plusSeconds(300));
        assertThat(view.completedBy()).isEqualTo("barista-2");
        assertThat(versions.activeView().queue().countDocuments(eq("_id", "o-1"))).isZero();
        assertThat(published).extracting(c -> c.order().status()).containsExactly(OrderStatus.ORDERED,
                OrderStatus.ACCEPTED, OrderStatus.READY, OrderStatus.PICKED_UP);
    }

    @Test
    void a_rejected_order_shows_its_reason_and_an_expired_one_when_it_expired() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        projection.on(OrderEvents.placed("o-1", "m-1", t), 0, Instant.now());
        projection.on(new OrderRejected("o-1", "barista-1", "Out of oat milk", t.plusSeconds(5)), 1, Instant.now());
        projection.on(OrderEvents.placed("o-2", "m-1", t), 0, Instant.now());
        projection.on(new OrderExpired("o-2", OrderStatus.ORDERED, t.plusSeconds(600)), 1, Instant.now());

        assertThat(view("o-1").status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(view("o-1").rejectReason()).isEqualTo("Out of oat milk");
        assertThat(view("o-1").rejectedAt()).isEqualTo(t.plusSeconds(5));
        assertThat(view("o-2").status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(view("o-2").expiredAt()).isEqualTo(t.plusSeconds(600));
        assertThat(view("o-2").expiredWhile()).isEqualTo("ORDERED");
        assertThat(versions.activeView().queue().countDocuments()).isZero();
    }

    @Test
    void a_step_applied_late_never_takes_an_order_back() {
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        projection.on(OrderEvents.placed("o-1", "m-1", t), 0, Instant.now());
        projection.on(new OrderPickedUp("o-1", "barista-1", t.plusSeconds(300)), 3, Instant.now());
        projection.on(new OrderReady("o-1", "barista-1", t.plusSeconds(200)), 2, Instant.now());
        projection.on(new OrderAccepted("o-1", "barista-1", t.plusSeconds(10)), 1, Instant.now());

        OrderView view = view("o-1");
        assertThat(view.status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view.acceptedAt()).isEqualTo(t.plusSeconds(10));
        assertThat(view.readyAt()).isEqualTo(t.plusSeconds(200));
    }

    @Test
    void lines_keep_their_options_and_line_price() {
        LineOptions options = new LineOptions("VENTI", "ICED", 1, "OAT", "NONE");
        OrderPlaced placed = new OrderPlaced("o-1", 3, "m-1", "kim", List.of(new OrderItem("CAFE_LATTE",
                "Caffè Latte", 2, 7100, options, 14_200)), 14_200, Instant.parse("2026-01-02T03:04:05.678Z"));
        projection.on(placed, 0, Instant.now());

        assertThat(view("o-1").items()).containsExactly(placed.items().get(0));
    }

    @Test
    void an_order_completed_before_the_counter_steps_reads_as_picked_up() {
        projection.on(OrderEvents.placed("o-1", "m-1", Instant.now()), 0, Instant.now());
        var completed = OrderEvents.completed("o-1");
        projection.on(completed, 1, Instant.now());

        OrderView view = view("o-1");
        assertThat(view.status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view.completedAt()).isEqualTo(completed.completedAt());
        assertThat(view.completedBy()).isEqualTo("barista-1");
        assertThat(view.lastSequence()).isEqualTo(1);
        assertThat(published).extracting(c -> c.order().status())
                .containsExactly(OrderStatus.ORDERED, OrderStatus.PICKED_UP);
    }

    @Test
    void cancelling_an_order_marks_it_cancelled() {
        projection.on(OrderEvents.placed("o-1", "m-1", Instant.now()), 0, Instant.now());
        var cancelled = OrderEvents.cancelled("o-1");
        projection.on(cancelled, 1, Instant.now());

        OrderView view = view("o-1");
        assertThat(view.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(view.cancelledAt()).isEqualTo(cancelled.cancelledAt());
        assertThat(view.cancelReason()).isEqualTo("changed my mind");
    }

    @Test
    void a_duplicate_event_changes_nothing_and_logs_nothing() {
        var placed = OrderEvents.placed("o-1", "m-1", Instant.now());
        var completed = OrderEvents.completed("o-1");
        projection.on(placed, 0, Instant.now());
        projection.on(completed, 1, Instant.now());
        var before = database.getCollection("order_status_v1").find(eq("_id", "o-1")).first();

        projection.on(completed, 1, Instant.now());
        projection.on(placed, 0, Instant.now());
        projection.on(completed, 1, Instant.now());

        assertThat(database.getCollection("order_status_v1").find(eq("_id", "o-1")).first()).isEqualTo(before);
        assertThat(published).hasSize(2);
    }

    @Test
    void a_stale_redelivery_after_a_newer_event_does_not_reopen_the_order() {
        var placed = OrderEvents.placed("o-1", "m-1", Instant.now());
        projection.on(placed, 0, Instant.now());
        projection.on(OrderEvents.completed("o-1"), 1, Instant.now());

        projection.on(placed, 0, Instant.now());

        assertThat(view("o-1").status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view("o-1").lastSequence()).isEqualTo(1);
    }

    @Test
    void events_in_any_order_give_the_same_view() {
        var placed = OrderEvents.placed("o-1", "m-1", Instant.now());
        var completed = OrderEvents.completed("o-1");
        projection.on(placed, 0, Instant.now());
        projection.on(completed, 1, Instant.now());
        OrderView inOrder = view("o-1");

        freshDatabase();
        projection.on(completed, 1, Instant.now());
        assertThat(view("o-1").status()).isEqualTo(OrderStatus.PICKED_UP);
        projection.on(placed, 0, Instant.now());
        projection.on(completed, 1, Instant.now());

        assertThat(view("o-1")).isEqualTo(inOrder);
    }

    @Test
    void the_queue_holds_only_open_orders_and_a_member_document_lists_the_members_orders() {
        projection.on(OrderEvents.placed("o-1", "m-1", Instant.now()), 0, Instant.now());
        projection.on(OrderEvents.placed("o-2", "m-1", Instant.now()), 0, Instant.now());
        projection.on(OrderEvents.placed("o-3", "m-2", Instant.now()), 0, Instant.now());
        projection.on(OrderEvents.completed("o-1"), 1, Instant.now());
        projection.on(OrderEvents.cancelled("o-3"), 1, Instant.now());

        ViewVersions.View view = versions.view(1);
        assertThat(view.queue().find().map(d -> d.getString("_id"))).containsExactly("o-2");
        assertThat(MemberOrders.entries(view.members(), "m-1"))
                .extracting(e -> e.getString(ViewUpdate.ENTRY_ID)).containsExactlyInAnyOrder("o-1", "o-2");
        assertThat(MemberOrders.entries(view.members(), "m-2"))
                .extracting(e -> e.getString(ViewUpdate.ENTRY_ID)).containsExactly("o-3");
    }

    /**
     * While a replay builds a version, the live projection writes its newest events into it too, ahead of the replay
     * (ADR 0113): an end it writes is kept in the queue, marked ended, so the replay's later write of the placement
     * cannot make the order open again; a step written before its placement keeps its stage. The reader pages the
     * queue by each entry's stage and removes the ended entries once the version is read.
     */
    @Test
    void the_queue_stays_exact_when_a_replay_writes_an_orders_placement_after_the_live_projection_wrote_its_end() {
        ViewVersions.View view = versions.view(1);
        Instant now = Instant.now();
        ViewWriter.applyAll(view, List.of(ViewUpdate.completed(OrderEvents.completed("o-1"), 1)), true);
        ViewWriter.applyAll(view, List.of(ViewUpdate.accepted(new OrderAccepted("o-2", "b", now), 1)), true);
        ViewWriter.applyAll(view, List.of(ViewUpdate.placed(OrderEvents.placed("o-1", "m-1", now), 0),
                ViewUpdate.placed(OrderEvents.placed("o-2", "m-1", now.plusSeconds(1)), 0),
                ViewUpdate.placed(OrderEvents.placed("o-3", "m-1", now.plusSeconds(2)), 0)));

        assertThat(view.queue().find(eq("_id", "o-1")).first().getInteger(OrderDocuments.STAGE)).isEqualTo(3);
        // What a wait estimate needs is in the entry, whichever event came first (ADR 0903).
        Document accepted = view.queue().find(eq("_id", "o-2")).first();
        assertThat(accepted.getInteger(OrderDocuments.STAGE)).isEqualTo(1);
        assertThat(accepted.getDate(OrderDocuments.ACCEPTED_AT)).isNotNull();
        assertThat(OrderDocuments.toView(accepted).items()).extracting(item -> item.menuCode()).isNotEmpty();
        OrderQueryHandler reader = new OrderQueryHandler(versions, null, new QueryProperties(null, null,
                new QueryProperties.Stream(Duration.ofSeconds(15), 500, 1000, 5, 1000, Duration.ofMillis(500)), null));
        assertThat(reader.handle(new Queries.FindOrdersByStatus(OrderStatus.ORDERED, 0, 20)).items())
                .extracting(OrderView::orderId).containsExactly("o-3");
        assertThat(reader.handle(new Queries.FindOrdersByStatus(OrderStatus.ACCEPTED, 0, 20)))
                .satisfies(page -> assertThat(page.total()).isEqualTo(1))
                .extracting(page -> page.items().get(0).orderId()).isEqualTo("o-2");
        assertThat(reader.handle(new Queries.FindOrdersByStatus(null, 0, 20)).items())
                .extracting(OrderView::orderId).containsExactly("o-2", "o-3");
        assertThat(view.queue().find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .containsExactlyInAnyOrder("o-2", "o-3");
    }

    @Test
    void a_view_written_before_the_queue_existed_is_reshaped_at_start() {
        ViewWriter.apply(versions.view(1), ViewUpdate.placed(OrderEvents.placed("o-1", "m-1", Instant.now()), 0));
        ViewWriter.apply(versions.view(1), ViewUpdate.placed(OrderEvents.placed("o-2", "m-1", Instant.now()), 0));
        ViewWriter.apply(versions.view(1), ViewUpdate.completed(OrderEvents.completed("o-2"), 1));
        database.getCollection(ViewVersions.QUEUE_PREFIX + 1).drop();
        database.getCollection(ViewVersions.MEMBERS_PREFIX + 1).drop();
        database.getCollection(ViewVersions.POINTER_COLLECTION).updateOne(eq("_id", ViewVersions.POINTER_ID),
                new Document("$unset", new Document("shape", "")));

        ViewVersions.View view = new ViewVersions(database).initialize().view(1);

        assertThat(view.queue().find().map(d -> d.getString("_id"))).containsExactly("o-1");
        assertThat(MemberOrders.entries(view.members(), "m-1")).hasSize(2);
    }

    /**
     * A member's orders are kept by month (ADR 0110): a placement rewrites its month's document, not the member's
     * history; "my orders" reads across the months, newest first, and counts them all.
     */
    @Test
    void a_members_orders_are_kept_by_month_and_read_newest_first_across_the_months() {
        Instant january = Instant.parse("2026-01-31T23:59:59.999Z");
        Instant february = Instant.parse("2026-02-01T00:00:00Z");
        projection.on(OrderEvents.placed("o-1", "m-1", january.minusSeconds(86_400)), 0, Instant.now());
        projection.on(OrderEvents.placed("o-2", "m-1", january), 0, Instant.now());
        OrderPlaced third = OrderEvents.placed("o-3", "m-1", february);
        projection.on(third, 0, Instant.now());
        projection.on(third, 0, Instant.now());
        projection.on(OrderEvents.placed("o-4", "m-2", february), 0, Instant.now());

        ViewVersions.View view = versions.view(1);
        assertThat(view.members().find(eq("_id", "m-1")).first().getList(MemberOrders.MONTHS, String.class))
                .containsExactlyInAnyOrder("2026-01", "2026-02");
        assertThat(view.members().find(eq("_id", "m-1/2026-01")).first().getList(MemberOrders.ORDERS,
                Document.class)).extracting(e -> e.getString(ViewUpdate.ENTRY_ID))
                .containsExactlyInAnyOrder("o-1", "o-2");
        assertThat(view.members().find(eq("_id", "m-1/2026-02")).first().getList(MemberOrders.ORDERS,
                Document.class)).extracting(e -> e.getString(ViewUpdate.ENTRY_ID)).containsExactly("o-3");
        OrderQueryHandler reader = new OrderQueryHandler(versions, null, new QueryProperties(null, null,
                new QueryProperties.Stream(Duration.ofSeconds(15), 500, 1000, 5, 1000, Duration.ofMillis(500)), null));
        assertThat(reader.handle(new Queries.FindMemberOrders("m-1", 0, 2)))
                .satisfies(page -> assertThat(page.total()).isEqualTo(3))
                .extracting(page -> page.items().stream().map(OrderView::orderId).toList())
                .isEqualTo(List.of("o-3", "o-2"));
        assertThat(reader.handle(new Queries.FindMemberOrders("m-1", 1, 2)).items()).extracting(OrderView::orderId)
                .containsExactly("o-1");
        assertThat(reader.handle(new Queries.FindMemberOrders("m-3", 0, 2)).items()).isEmpty();
    }

    /**
     * A view written while a member's orders were one list (shape 4) is reshaped into months at start and the list
     * dropped; until then (or if an instance of the older shape wrote one since), the reader reads the list too.
     */
    @Test
    void a_members_one_list_of_orders_is_moved_into_months_at_start() {
        Instant placedAt = Instant.parse("2026-03-04T05:06:07Z");
        ViewWriter.apply(versions.view(1), ViewUpdate.placed(OrderEvents.placed("o-1", "m-1", placedAt), 0));
        ViewWriter.apply(versions.view(1), ViewUpdate.placed(OrderEvents.placed("o-2", "m-1", placedAt), 0));
        MongoCollection<Document> members = database.getCollection(ViewVersions.MEMBERS_PREFIX + 1);
        members.drop();
        List<Document> list = List.of(
                new Document(ViewUpdate.ENTRY_ID, "o-1").append(OrderDocuments.PLACED_AT, Date.from(placedAt)),
                new Document(ViewUpdate.ENTRY_ID, "o-2").append(OrderDocuments.PLACED_AT, Date.from(placedAt)));
        members.insertOne(new Document("_id", "m-1").append(MemberOrders.ORDERS, list));
        assertThat(MemberOrders.entries(members, "m-1")).as("the list, read before the reshape").hasSize(2);
        database.getCollection(ViewVersions.POINTER_COLLECTION).updateOne(eq("_id", ViewVersions.POINTER_ID),
                new Document("$set", new Document("shape", 4)));

        new ViewVersions(database).initialize();

        Document member = members.find(eq("_id", "m-1")).first();
        assertThat(member.containsKey(MemberOrders.ORDERS)).as("the one list is gone").isFalse();
        assertThat(member.getList(MemberOrders.MONTHS, String.class)).containsExactly("2026-03");
        assertThat(MemberOrders.entries(members, "m-1")).extracting(e -> e.getString(ViewUpdate.ENTRY_ID))
                .containsExactlyInAnyOrder("o-1", "o-2");
    }

    /**
     * The live projection publishes the documents a batch leaves without reading them back (ViewUpdate#applyTo):
     * they must be exactly what MongoDB stored, whatever the batch holds (steps of one order folded, duplicates,
     * redeliveries out of their order, a document written before the counter steps).
     */
    @Test
    void the_documents_a_batch_reports_are_the_ones_mongodb_stored() {
        ViewVersions.View view = versions.activeView();
        view.orders().insertOne(new Document("_id", "o-legacy").append(OrderDocuments.STATUS, "ORDERED")
                .append(OrderDocuments.APPLIED, List.of(0L)).append(OrderDocuments.LAST_SEQUENCE, 0L));
        List<ViewUpdate> events = new ArrayList<>(List.of(
                ViewUpdate.accepted(new OrderAccepted("o-legacy", "barista", Instant.now()), 1)));
        Instant at = Instant.parse("2026-12-06T10:00:00.123Z");
        for (int i = 0; i < 24; i++) {
            String id = "o-" + i;
            events.add(ViewUpdate.placed(OrderEvents.placed(id, "m-" + (i % 4), at.plusSeconds(i)), 0));
            switch (i % 4) {
                case 0 -> {
                    events.add(ViewUpdate.accepted(new OrderAccepted(id, "barista", at.plusSeconds(60)), 1));
                    events.add(ViewUpdate.ready(new OrderReady(id, "barista", at.plusSeconds(120)), 2));
                    events.add(ViewUpdate.pickedUp(new OrderPickedUp(id, "barista", at.plusSeconds(180)), 3));
                }
                case 1 -> events.add(ViewUpdate.rejected(new OrderRejected(id, "barista", "no milk", at), 1));
                case 2 -> events.add(ViewUpdate.expired(new OrderExpired(id, OrderStatus.ORDERED, at), 1));
                default -> events.add(ViewUpdate.cancelled(OrderEvents.cancelled(id), 1));
            }
        }
        java.util.Random random = new java.util.Random(16);
        MongoOutageRetry retry = new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry());
        int reported = 0;
        for (int round = 0; round < 30; round++) {
            // Any events, any order, each maybe delivered before: the batches a redelivering source can make.
            List<ViewUpdate> batch = new ArrayList<>();
            for (int n = 1 + random.nextInt(12); n > 0; n--) {
                batch.add(events.get(random.nextInt(events.size())));
            }
            for (ViewWriter.Changed changed : ViewWriter.applyAllReturning(view, batch, retry)) {
                assertThat(changed.after()).as("the reported document of %s", changed.after().get("_id"))
                        .isEqualTo(view.orders().find(eq("_id", changed.after().get("_id"))).first());
                reported++;
            }
        }
        assertThat(reported).as("documents reported and compared").isGreaterThan(40);
    }

    @Test
    void bulk_writes_with_duplicates_and_any_order_give_the_same_view_as_one_by_one() {
        List<ViewUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String id = "o-" + i;
            updates.add(ViewUpdate.placed(OrderEvents.placed(id, "m-" + (i % 5), Instant.now()), 0));
            switch (i % 3) {
                case 0 -> updates.add(ViewUpdate.completed(OrderEvents.completed(id), 1));
                case 1 -> updates.add(ViewUpdate.cancelled(OrderEvents.cancelled(id), 1));
                default -> {
                    // Still open: accepted and ready, so it stays in the queue.
                    updates.add(ViewUpdate.accepted(new OrderAccepted(id, "barista", Instant.now()), 1));
                    updates.add(ViewUpdate.ready(new OrderReady(id, "barista", Instant.now()), 2));
                }
            }
        }
        updates.forEach(u -> ViewWriter.apply(versions.view(1), u));

        // The events of an order fold into one write per batch, in whatever order they come, duplicates included.
        List<ViewUpdate> shuffled = new ArrayList<>(updates);
        shuffled.addAll(updates.subList(0, 30));
        java.util.Collections.shuffle(shuffled, new java.util.Random(42));
        ViewWriter.applyAll(versions.view(2), shuffled);

        for (int i = 0; i < 60; i++) {
            String id = "o-" + i;
            Document one = versions.collection(1).find(eq("_id", id)).first();
            Document batched = versions.collection(2).find(eq("_id", id)).first();
            assertThat(OrderDocuments.toView(batched)).isEqualTo(OrderDocuments.toView(one));
            assertThat(batched.getString(OrderDocuments.STATUS)).isEqualTo(one.getString(OrderDocuments.STATUS));
            assertThat(batched.getList(OrderDocuments.APPLIED, Number.class))
                    .containsExactlyInAnyOrderElementsOf(one.getList(OrderDocuments.APPLIED, Number.class));
        }
        assertThat(versions.view(2).queue().find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                .hasSize(20).containsExactlyInAnyOrderElementsOf(
                        versions.view(1).queue().find().map(d -> d.getString("_id")).into(new ArrayList<>()));
        for (int m = 0; m < 5; m++) {
            assertThat(MemberOrders.entries(versions.view(2).members(), "m-" + m)).hasSize(12)
                    .containsExactlyInAnyOrderElementsOf(MemberOrders.entries(versions.view(1).members(), "m-" + m));
        }
    }

    @Test
    void a_batch_larger_than_one_write_command_is_written_whole() {
        int orders = ViewWriter.COMMAND_SIZE * 2 + 1;
        List<ViewUpdate> updates = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            updates.add(ViewUpdate.placed(OrderEvents.placed("o-" + i, "m-" + (i % 3), Instant.now()), 0));
        }

        ViewWriter.applyAll(versions.view(1), updates);

        assertThat(versions.collection(1).countDocuments()).isEqualTo(orders);
        assertThat(versions.view(1).queue().countDocuments()).isEqualTo(orders);
        assertThat(MemberOrders.entries(versions.view(1).members(), "m-0"))
                .hasSize(ViewWriter.COMMAND_SIZE * 2 / 3 + 1);
        assertThat(versions.collection(1).find(eq("_id", "o-" + (orders - 1))).first()).isNotNull();
    }

    @Test
    void a_batch_is_written_at_its_last_event_and_logs_each_changed_order_once_in_its_newest_state() throws Exception {
        var placed1 = OrderEvents.placed("o-1", "m-1", Instant.now());
        var placed2 = OrderEvents.placed("o-2", "m-2", Instant.now());
        projection.on(placed2, 0, Instant.now());
        assertThat(published).hasSize(1);
        List<Object[]> events = List.of(
                new Object[]{placed1, 0L},
                new Object[]{OrderEvents.completed("o-1"), 1L},
                new Object[]{placed2, 0L},
                new Object[]{placed1, 0L},
                new Object[]{OrderEvents.placed("o-3", "m-3", Instant.now()), 0L});
        List<EventMessage<?>> messages = events.stream()
                .<EventMessage<?>>map(e -> GenericEventMessage.asEventMessage(e[0])).toList();
        List<Long> viewSizesWhileGathering = new ArrayList<>();

        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        // As the processor runs it: each event through the projection's interceptor, which writes at the last one.
        batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch, List.of(projection.flushingInterceptor()),
                message -> {
            int index = messages.indexOf(batch.getMessage());
            if (!batch.isLastMessage()) {
                viewSizesWhileGathering.add(versions.activeCollection().countDocuments());
            }
            Object event = events.get(index)[0];
            long sequence = (Long) events.get(index)[1];
            if (event instanceof OrderPlaced p) {
                projection.on(p, sequence, Instant.now());
            } else {
                projection.on((OrderCompleted) event, sequence, Instant.now());
            }
            return null;
        }).proceed());

        assertThat(viewSizesWhileGathering).as("nothing written before the batch's last event").containsOnly(1L);
        assertThat(view("o-1").status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view("o-3").status()).isEqualTo(OrderStatus.ORDERED);
        assertThat(published.subList(1, published.size()))
                .as("o-1 once (PICKED_UP), not o-2 (a duplicate), o-3")
                .extracting(c -> c.order().orderId() + ":" + c.order().status())
                .containsExactly("o-1:PICKED_UP", "o-3:ORDERED");
    }

    @Test
    void a_drink_prep_time_is_sampled_at_ready_also_when_folded_into_its_batch_and_not_from_skipped_steps()
            throws Exception {
        PrepTimes prepTimes = new PrepTimes(database, 20, Duration.ofMinutes(3));
        var learning = new OrderStatusProjection(versions, published::addAll, prepTimes,
                new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry()), new SimpleMeterRegistry());
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        // o-1 step by step: its sample is taken at READY; handing it over adds none.
        learning.on(OrderEvents.placed("o-1", "m-1", t), 0, Instant.now());
        learning.on(new OrderAccepted("o-1", "b", t.plusSeconds(10)), 1, Instant.now());
        learning.on(new OrderReady("o-1", "b", t.plusSeconds(130)), 2, Instant.now());
        assertThat(sampledOrders()).containsExactly("o-1");
        learning.on(new OrderPickedUp("o-1", "b", t.plusSeconds(200)), 3, Instant.now());
        // o-2: READY and PICKED_UP in one batch, which announces only the newest state: still sampled.
        // o-3: completed in one step from ORDERED (accepted, ready and handed over at one instant): no sample.
        inOneBatch(learning, List.of(
                new Object[]{OrderEvents.placed("o-2", "m-1", t), 0L},
                new Object[]{new OrderAccepted("o-2", "b", t.plusSeconds(20)), 1L},
                new Object[]{new OrderReady("o-2", "b", t.plusSeconds(80)), 2L},
                new Object[]{new OrderPickedUp("o-2", "b", t.plusSeconds(90)), 3L},
                new Object[]{OrderEvents.placed("o-3", "m-1", t), 0L},
                new Object[]{new OrderAccepted("o-3", "b", t.plusSeconds(30)), 1L},
                new Object[]{new OrderReady("o-3", "b", t.plusSeconds(30)), 2L},
                new Object[]{new OrderPickedUp("o-3", "b", t.plusSeconds(30)), 3L}));
        assertThat(view("o-2").status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(view("o-3").status()).isEqualTo(OrderStatus.PICKED_UP);
        assertThat(sampledOrders()).containsExactlyInAnyOrder("o-1", "o-2");
        Document drink = database.getCollection(PrepTimes.COLLECTION).find().first();
        assertThat(drink.getList("samples", Document.class)).extracting(s -> s.get("s", Number.class).doubleValue())
                .allSatisfy(seconds -> assertThat(seconds).isPositive());
    }

    @Test
    void a_step_whose_prep_time_sample_cannot_be_written_still_reaches_the_screens() {
        java.util.concurrent.atomic.AtomicBoolean storeAway = new java.util.concurrent.atomic.AtomicBoolean(true);
        PrepTimes failing = new PrepTimes(database, 20, Duration.ofMinutes(3)) {
            @Override
            public void record(List<OrderChange> changes) {
                if (!changes.isEmpty() && storeAway.getAndSet(false)) {
                    throw new IllegalStateException("prep times cannot be written");
                }
                super.record(changes);
            }
        };
        var learning = new OrderStatusProjection(versions, published::addAll, failing,
                new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry()), new SimpleMeterRegistry());
        Instant t = Instant.parse("2026-01-02T03:04:05.678Z");
        learning.on(OrderEvents.placed("o-1", "m-1", t), 0, Instant.now());
        learning.on(new OrderAccepted("o-1", "b", t.plusSeconds(10)), 1, Instant.now());
        var ready = new OrderReady("o-1", "b", t.plusSeconds(130));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> learning.on(ready, 2, Instant.now()))
                .hasMessageContaining("prep times");
        // Axon tries the batch again: its view write is already applied, so only the first try could announce it.
        learning.on(ready, 2, Instant.now());
        assertThat(published).extracting(c -> c.order().orderId() + ":" + c.order().status())
                .containsExactly("o-1:ORDERED", "o-1:ACCEPTED", "o-1:READY");
    }

    /** The orders with a sample, under any drink. */
    private List<String> sampledOrders() {
        return database.getCollection(PrepTimes.COLLECTION).find().into(new ArrayList<>()).stream()
                .flatMap(d -> d.getList("samples", Document.class).stream().map(s -> s.getString("o")))
                .distinct().toList();
    }

    /** Runs the events (event, sequence) through the projection as one processor batch. */
    private static void inOneBatch(OrderStatusProjection target, List<Object[]> events) throws Exception {
        List<EventMessage<?>> messages = events.stream()
                .<EventMessage<?>>map(e -> GenericEventMessage.asEventMessage(e[0])).toList();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        var done = batch.executeWithResult(() -> new DefaultInterceptorChain<>(batch,
                List.of(target.flushingInterceptor()), message -> {
                    Object[] event = events.get(messages.indexOf(batch.getMessage()));
                    long sequence = (Long) event[1];
                    if (event[0] instanceof OrderPlaced p) {
                        target.on(p, sequence, Instant.now());
                    } else if (event[0] instanceof OrderAccepted a) {
                        target.on(a, sequence, Instant.now());
                    } else if (event[0] instanceof OrderReady r) {
                        target.on(r, sequence, Instant.now());
                    } else {
                        target.on((OrderPickedUp) event[0], sequence, Instant.now());
                    }
                    return null;
                }).proceed());
        if (done.isExceptional()) {
            throw new AssertionError(done.exceptionResult());
        }
    }

    @Test
    void a_change_whose_publication_failed_is_announced_when_its_batch_is_tried_again() {
        java.util.concurrent.atomic.AtomicBoolean kafkaAway = new java.util.concurrent.atomic.AtomicBoolean(true);
        var announcing = new OrderStatusProjection(versions, changes -> {
            if (kafkaAway.get()) {
                throw new IllegalStateException("Kafka is away");
            }
            published.addAll(changes);
        }, null, new MongoOutageRetry(Duration.ofMillis(50), new SimpleMeterRegistry()), new SimpleMeterRegistry());
        var placed = OrderEvents.placed("o-1", "m-1", Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> announcing.on(placed, 0, Instant.now()))
                .hasMessageContaining("Kafka is away");
        assertThat(view("o-1").status()).as("written before the publication failed").isEqualTo(OrderStatus.ORDERED);

        kafkaAway.set(false);
        announcing.on(placed, 0, Instant.now());

        assertThat(published).as("the retried event changed nothing, yet its change is announced")
                .extracting(c -> c.order().orderId() + ":" + c.order().status()).containsExactly("o-1:ORDERED");
    }

    @Test
    void a_version_being_built_gets_every_live_event_too() {
        ViewVersions.Pointer pointer = versions.beginBuild(versions.refresh(), "replay-1");
        projection.on(OrderEvents.placed("o-1", "m-1", Instant.now()), 0, Instant.now());

        assertThat(versions.collection(pointer.building()).find(eq("_id", "o-1")).first()).isNotNull();
        assertThat(versions.activate("replay-1", pointer.building())).isEqualTo(1);
        assertThat(versions.refresh().active()).isEqualTo(2);
    }

    @Test
    void a_write_waits_out_a_mongodb_outage_and_is_logged_once_when_mongodb_is_back() throws Exception {
        assumeThat(SharedServers.mongo().isReal()).as("a real MONGODB_URI cannot be stopped from here").isFalse();
        var registry = new SimpleMeterRegistry();
        try (MongoClient impatient = MongoClients.create(SharedServers.mongo().uri() + "/?serverSelectionTimeoutMS=200")) {
            MongoDatabase same = impatient.getDatabase(database.getName());
            versions.refresh();
            var waiting = new OrderStatusProjection(new ViewVersions(same).initialize(), published::addAll, null,
                    new MongoOutageRetry(Duration.ofMillis(50), registry), registry);
            var placed = OrderEvents.placed("o-1", "m-1", Instant.now());
            CompletableFuture<Void> written;
            SharedServers.mongo().stop();
            try {
                written = CompletableFuture.runAsync(() -> waiting.on(placed, 0, Instant.now()));
                await().until(() -> registry.get("brew.mongo.outage.retries").counter().count() >= 3);
                assertThat(written).isNotDone();
            } finally {
                SharedServers.mongo().start();
            }
            written.get(30, TimeUnit.SECONDS);
        }
        assertThat(view("o-1").status()).isEqualTo(OrderStatus.ORDERED);
        assertThat(published).extracting(c -> c.order().orderId()).containsExactly("o-1");
        assertThat(registry.get("brew.mongo.outage.waiting").gauge().value()).isZero();
    }

    private OrderView view(String orderId) {
        return OrderDocuments.toView(versions.activeCollection().find(eq("_id", orderId)).first());
    }
}
