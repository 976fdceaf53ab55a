package dev.brew.gateway.web;

import dev.brew.defaults.web.Problems;
import dev.brew.gateway.exchange.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose header values hold anything but visible ASCII, space and tab, with a 400 problem naming the
 * header. HTTP allows such bytes ("obs-text") but gives them no meaning, and the proxy cannot forward them faithfully:
 * Netty decodes them as Latin-1 and re-encodes them as ASCII, so {@code Idempotency-Key: é} would reach
 * command-service as {@code ?} — a different, valid key. Refusing is the only answer that cannot change what the
 * caller meant.
 */
@Component
public class HeaderValuesFilter implements WebFilter, Ordered {

    private final ProblemResponses problems;

    public HeaderValuesFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        for (Map.Entry<String, List<String>> header : exchange.getRequest().getHeaders().headerSet()) {
            for (String value : header.getValue()) {
                if (!sendable(value)) {
                    return problems.write(exchange, Problems.forField(HttpStatus.BAD_REQUEST, "invalid-header",
                            header.getKey(), "Header '" + header.getKey()
                                    + "' may only hold visible ASCII characters, spaces and tabs"));
                }
            }
        }
        return chain.filter(exchange);
    }

    static boolean sendable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return false;
            }
        }
        return true;
    }
}
