package dev.brew.system.support;

import dev.brew.stack.LocalStack;
import dev.brew.stack.Part;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** What a system test works with: the running stack, a client of its gateway, and direct views of its stores. */
public final class Brew {

    private final LocalStack stack;
    private final Gateway gateway;
    private final EventStore eventStore;
    private final MemberStore memberStore;
    private final HttpClient probes = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    Brew(LocalStack stack) {
        this.stack = stack;
        this.gateway = new Gateway(stack.url());
        this.eventStore = new EventStore(stack.ports().postgres());
        this.memberStore = new MemberStore(stack.ports().mongo());
    }

    public LocalStack stack() {
        return stack;
    }

    public Gateway gateway() {
        return gateway;
    }

    public EventStore eventStore() {
        return eventStore;
    }

    public MemberStore memberStore() {
        return memberStore;
    }

    public Session barista() {
        return gateway.session("barista", stack.baristaPassword());
    }

    public Session operator() {
        return gateway.session("operator", stack.operatorPassword());
    }

    /**
     * Waits until every service is ready and answers through the gateway (its breakers closed again after an
     * outage): the menu (command-service), the barista's sign-in (member-service) and queue (query-service).
     */
    public Duration awaitSettled(Duration atMost) {
        long start = System.nanoTime();
        await("every service ready and answering through the gateway").atMost(atMost)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250)).until(this::allAnswering);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private boolean allAnswering() {
        for (Part part : List.of(Part.MEMBER_SERVICE, Part.COMMAND_SERVICE, Part.QUERY_SERVICE, Part.LOYALTY_SERVICE,
                Part.API_GATEWAY)) {
            if (!ready(part)) {
                return false;
            }
        }
        if (gateway.get("/api/menu", null).status() != 200) {
            return false;
        }
        Response signIn = gateway.signIn("barista", stack.baristaPassword());
        if (signIn.status() != 200) {
            return false;
        }
        Session barista = new Session(signIn.json().path("token").asText(), "", "barista");
        return gateway.queue(barista, 0, 1).status() == 200;
    }

    private boolean ready(Part part) {
        int port = switch (part) {
            case MEMBER_SERVICE -> stack.ports().member();
            case COMMAND_SERVICE -> stack.ports().command();
            case QUERY_SERVICE -> stack.ports().query();
            default -> stack.ports().gateway();
        };
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
            return probes.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
