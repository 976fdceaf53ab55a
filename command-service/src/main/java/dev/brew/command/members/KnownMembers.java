package dev.brew.command.members;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.brew.command.domain.MemberDirectory;
import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import dev.brew.defaults.web.ProblemException;
import dev.brew.defaults.web.Problems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns a member the directory does not know yet (a fresh sign-up) from member-service. The order handler checks
 * membership against the directory (fed by member events); only when it refuses an order for an unknown member is
 * member-service asked, behind the {@code member-service} breaker (application.yml) with short timeouts. Members
 * already known keep ordering while member-service is down; an unknown member then gets a fast 503, not a wrong answer.
 */
@Component
public class KnownMembers {

    private static final Logger log = LoggerFactory.getLogger(KnownMembers.class);

    private final MemberDirectory directory;
    private final RestClient memberService;
    private final CircuitBreaker breaker;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    KnownMembers(MemberDirectory directory, RestClient.Builder http, CircuitBreakerRegistry breakers,
                 @Value("${brew.member-service.uri}") String memberServiceUri,
                 @Value("${brew.member-service.timeout}") Duration timeout) {
        this.directory = directory;
        this.memberService = http.baseUrl(memberServiceUri).requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                .build(ClientHttpRequestFactorySettings.defaults().withTimeouts(timeout, timeout))).build();
        this.breaker = breakers.find("member-service").orElseThrow(() -> new IllegalStateException(
                "resilience4j.circuitbreaker.instances.member-service is not configured"));
    }

    /**
     * Asks member-service about a member the directory does not know, and remembers them if they are one.
     *
     * @return whether member-service knows the requester as a member (now in the directory)
     * @throws MemberServiceUnavailable member-service cannot be asked now
     */
    public boolean learn(Requester requester, String bearerToken) {
        // Concurrent refusals of one member (a burst of retries) share one lookup.
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(requester.memberId(), mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof MemberServiceUnavailable unavailable ? unavailable : e;
            }
        }
        try {
            boolean known = lookUp(requester, bearerToken);
            mine.complete(known);
            return known;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(requester.memberId(), mine);
        }
    }

    private boolean lookUp(Requester requester, String bearerToken) {
        MemberView member;
        try {
            member = breaker.executeSupplier(() -> memberService.get()
                    .uri("/api/members/{id}", requester.memberId())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                    .retrieve()
                    .body(MemberView.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.NOT_FOUND || e.getStatusCode() == HttpStatus.FORBIDDEN) {
                return false;
            }
            throw new MemberServiceUnavailable(e);
        } catch (CallNotPermittedException | RestClientException e) {
            log.warn("member-service cannot confirm member {}: {}", requester.memberId(), e.toString());
            throw new MemberServiceUnavailable(e);
        }
        if (member == null || !requester.memberId().equals(member.id())) {
            return false;
        }
        Role role = member.roles() == null || member.roles().isEmpty() ? Role.MEMBER
                : member.roles().contains(Role.MEMBER) ? Role.MEMBER : member.roles().get(0);
        directory.remember(member.id(), member.name(), role, null, "member-service");
        return true;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MemberView(String id, String name, List<Role> roles) {
    }

    /** The member is not in the directory and member-service cannot be asked now (503, Retry-After). */
    public static final class MemberServiceUnavailable extends ProblemException {
        MemberServiceUnavailable(Throwable cause) {
            super(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "Your membership cannot be confirmed right now; please try again shortly"), cause);
            retryAfter(5);
        }
    }
}
