package dev.brew.loyalty.support;

import dev.brew.testing.ServiceApi;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

/** Calls loyalty-service over real HTTP, as the gateway (or command-service) would. */
@TestComponent
public class Api extends ServiceApi {

    public Api(Environment environment) {
        super(environment);
    }

    public Response reserve(String token, String rewardId, String orderId) {
        return send("POST", "/api/loyalty/rewards/" + rewardId + "/reservations", token, "application/json",
                "{\"orderId\":\"" + orderId + "\"}");
    }

    public Response release(String token, String rewardId, String orderId) {
        return send("DELETE", "/api/loyalty/rewards/" + rewardId + "/reservations/" + orderId, token, null, null);
    }
}
