package dev.brew.gateway.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The trust boundary for client addresses. The gateway works out who the client is ({@link ClientAddress}: the
 * connection's peer, or behind {@code brew.forwarded.trusted-proxies} the address the ingress saw), and tells the
 * services exactly that, in a single-valued {@code X-Forwarded-For}; whatever forwarding headers the client sent are
 * dropped. The services (reachable from the gateway only) take that value for their per-client limits.
 */
@Configuration(proxyBeanMethods = false)
public class ClientAddressConfiguration {

    @Bean
    ClientAddress clientAddress(@Value("${brew.forwarded.trusted-proxies:}") List<String> trustedProxies) {
        return new ClientAddress(trustedProxies);
    }

    @Bean
    NettyServerCustomizer clientAddressBehindTrustedProxies(ClientAddress clientAddress) {
        return server -> clientAddress.trustsAnyProxy() ? server.forwarded(clientAddress::resolve) : server;
    }

    @Bean
    HttpHeadersFilter clientAddressForServices() {
        return new ForServices();
    }

    /** Runs after Spring Cloud Gateway's own forwarding filters, so that its value is the last word. */
    static final class ForServices implements HttpHeadersFilter, Ordered {

        private static final List<String> FROM_CLIENT = List.of(ClientAddress.X_FORWARDED_FOR, "Forwarded",
                "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix");

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            HttpHeaders headers = new HttpHeaders();
            headers.putAll(input);
            FROM_CLIENT.forEach(headers::remove);
            InetSocketAddress client = exchange.getRequest().getRemoteAddress();
            if (client != null && client.getAddress() != null) {
                headers.set(ClientAddress.X_FORWARDED_FOR, client.getAddress().getHostAddress());
            }
            return headers;
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
