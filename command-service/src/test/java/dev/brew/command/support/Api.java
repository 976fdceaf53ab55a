package dev.brew.command.support;

import dev.brew.testing.ServiceApi;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

import java.net.http.HttpRequest;
import java.util.UUID;

/** Calls command-service over real HTTP, as the gateway would. */
@TestComponent
public class Api extends ServiceApi {

    public Api(Environment environment) {
        super(environment);
    }

    public Response placeOrder(String token, String idempotencyKey, String body) {
        HttpRequest.Builder request = request("/api/orders", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    /** Places a valid order with a fresh key and returns its id. */
    public String placeLattes(String token, int quantity) {
        Response response = placeOrder(token, UUID.randomUUID().toString(),
                "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":" + quantity + "}]}");
        if (response.status() != 202) {
            throw new AssertionError("Order not accepted: " + response);
        }
        return response.json().get("orderId").asText();
    }

    public Response complete(String token, String orderId) {
        return send(request("/api/orders/" + orderId + "/complete", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** A counter step: {@code accept}, {@code ready}, {@code picked-up}, {@code complete}. */
    public Response step(String token, String orderId, String step) {
        return send(request("/api/orders/" + orderId + "/" + step, token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Response reject(String token, String orderId, String reason) {
        return send("POST", "/api/orders/" + orderId + "/reject", token, "application/json",
                reason == null ? "{}" : "{\"reason\":\"" + reason + "\"}");
    }

    public Response cancel(String token, String orderId) {
        return send(request("/api/orders/" + orderId + "/cancel", token)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }
}
