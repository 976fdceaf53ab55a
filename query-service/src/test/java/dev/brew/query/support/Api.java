package dev.brew.query.support;

import dev.brew.testing.ServiceApi;
import dev.brew.testing.SharedServers;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

import java.net.http.HttpRequest;

/** Calls query-service over real HTTP, as the gateway would (test-support's {@link ServiceApi}, plus its own calls). */
@TestComponent
public class Api extends ServiceApi {

    private final Environment environment;

    public Api(Environment environment) {
        super(environment);
        this.environment = environment;
    }

    public static String operator(String id) {
        return SharedServers.jwtIssuer().token(id, "operator-" + id, "OPERATOR");
    }

    public int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    public Response post(String path, String token) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }
}
