package dev.brew.benchmarks.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * The bare pipeline Brew is compared with: the same I/O by hand, with the same clients and servers and none of the
 * framework. An order is a JSON POST; its event is inserted into PostgreSQL (the answer waits for the commit, as
 * Brew's does), produced to Kafka keyed by order id after the commit, consumed by a poll loop and upserted into a
 * MongoDB view in one unordered bulk write per poll. Completing an order does the same with a second event.
 *
 * <p>Arguments: HTTP port, JDBC URL, user, password, Kafka bootstrap servers, MongoDB URI.
 */
public final class BarePipeline {

    static final String TOPIC = "bare.order-events";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HikariDataSource database;
    private final KafkaProducer<String, String> producer;

    private BarePipeline(HikariDataSource database, KafkaProducer<String, String> producer) {
        this.database = database;
        this.producer = producer;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[1]);
        pool.setUsername(args[2]);
        pool.setPassword(args[3]);
        pool.setMaximumPoolSize(20);
        HikariDataSource database = new HikariDataSource(pool);
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists bare_events (id bigserial primary key, order_id text not null,"
                    + " sequence int not null, type text not null, payload text not null,"
                    + " created_at timestamptz not null default now(), unique (order_id, sequence))");
        }
        // Like Brew's order-events topic: three partitions, created up front (the broker does not create topics).
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[4]))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[4],
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        BarePipeline pipeline = new BarePipeline(database, producer);

        MongoClient mongo = MongoClients.create(args[5]);
        MongoCollection<Document> view = mongo.getDatabase("bare_pipeline").getCollection("orders");
        Thread consumer = new Thread(() -> consume(args[4], view), "bare-consumer");
        consumer.setDaemon(true);
        consumer.start();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/orders", pipeline::handle);
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
        System.out.println("bare pipeline listening on " + port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "{}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/orders")) {
                JsonNode order = JSON.readTree(body);
                if (!order.path("items").isArray() || order.path("items").isEmpty()) {
                    answer(exchange, 400, "{}");
                    return;
                }
                String orderId = UUID.randomUUID().toString();
                String event = JSON.writeValueAsString(Map.of("type", "placed", "orderId", orderId,
                        "items", order.path("items"), "placedAt", Instant.now().toString()));
                store(orderId, 0, "placed", event);
                answer(exchange, 202, "{\"orderId\":\"" + orderId + "\",\"status\":\"ORDERED\"}");
            } else if (path.startsWith("/orders/") && path.endsWith("/complete")) {
                String orderId = path.substring("/orders/".length(), path.length() - "/complete".length());
                String event = JSON.writeValueAsString(Map.of("type", "completed", "orderId", orderId,
                        "completedAt", Instant.now().toString()));
                store(orderId, 1, "completed", event);
                answer(exchange, 202, "{}");
            } else {
                answer(exchange, 404, "{}");
            }
        } catch (SQLException e) {
            answer(exchange, 503, "{}");
        } catch (RuntimeException e) {
            answer(exchange, 500, "{}");
        }
    }

    private void store(String orderId, int sequence, String type, String event) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into bare_events (order_id, sequence, type, payload) values (?, ?, ?, ?)")) {
            insert.setString(1, orderId);
            insert.setInt(2, sequence);
            insert.setString(3, type);
            insert.setString(4, event);
            insert.executeUpdate();
        }
        producer.send(new ProducerRecord<>(TOPIC, orderId, event));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Polls the topic and upserts each poll's events into the view in one unordered bulk write. */
    private static void consume(String bootstrapServers, MongoCollection<Document> view) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bare-pipeline",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC));
            UpdateOptions upsert = new UpdateOptions().upsert(true);
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                List<UpdateOneModel<Document>> updates = new ArrayList<>();
                for (ConsumerRecord<String, String> record : records) {
                    JsonNode event = JSON.readTree(record.value());
                    Document filter = new Document("_id", record.key());
                    if ("placed".equals(event.path("type").asText())) {
                        updates.add(new UpdateOneModel<>(filter, Updates.combine(
                                Updates.set("items", event.path("items").toString()),
                                Updates.set("placedAt", Date.from(Instant.parse(event.path("placedAt").asText()))),
                                Updates.setOnInsert("status", "ORDERED"),
                                Updates.max("lastSequence", 0)), upsert));
                    } else {
                        updates.add(new UpdateOneModel<>(filter, Updates.combine(
                                Updates.set("status", "DONE"),
                                Updates.set("completedAt", Date.from(Instant.parse(event.path("completedAt").asText()))),
                                Updates.max("lastSequence", 1)), upsert));
                    }
                }
                view.bulkWrite(updates, new BulkWriteOptions().ordered(false));
                consumer.commitSync();
            }
        } catch (Exception e) {
            System.err.println("bare consumer stopped: " + e);
        }
    }
}
