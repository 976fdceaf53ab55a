package dev.brew.command.members;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.brew.command.domain.MemberDirectory;
import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * Makes sure the caller is a known member before an order is placed. The local directory (fed by member events)
 * answers almost always; a member who signed up a moment ago may not be in it yet, so on a miss member-service is
 * asked directly, behind a circuit breaker with short timeouts. Members already known keep ordering while
 * member-service is down; an unknown member then gets a fast 503 rather than a wrong answer.
 */
@Component
public class KnownMembers {

    private static final Logger log = LoggerFactory.getLogger(KnownMembers.class);

    private final MemberDirectory directory;
    private final RestClient memberService;
    private final CircuitBreaker breaker;

    KnownMembers(MemberDirectory directory,
                 @Value("${brew.member-service.uri:http://localhost:8083}") String memberServiceUri,
                 @Value("${brew.member-service.timeout:1s}") Duration timeout) {
        this.directory = directory;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        this.memberService = RestClient.builder().baseUrl(memberServiceUri).requestFactory(requests).build();
        this.breaker = CircuitBreaker.of("member-service", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .ignoreExceptions(HttpClientErrorException.class)
                .build());
    }

    /**
     * Returns normally when the requester is a known member (learning them from member-service if needed).
     *
     * @throws UnknownMember                when member-service says there is no such member
     * @throws MemberServiceUnavailable     when the member is not known here and member-service cannot be asked
     */
    public void require(Requester requester, String bearerToken) {
        if (directory.isKnown(requester.memberId())) {
            return;
        }
        MemberView member;
        try {
            member = breaker.executeSupplier(() -> memberService.get()
                    .uri("/api/members/{id}", requester.memberId())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                    .retrieve()
                    .body(MemberView.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.NOT_FOUND || e.getStatusCode() == HttpStatus.FORBIDDEN) {
                throw new UnknownMember(requester.memberId());
            }
            throw new MemberServiceUnavailable(e);
        } catch (CallNotPermittedException | RestClientException e) {
            log.warn("member-service cannot confirm member {}: {}", requester.memberId(), e.toString());
            throw new MemberServiceUnavailable(e);
        }
        if (member == null || !requester.memberId().equals(member.id())) {
            throw new UnknownMember(requester.memberId());
        }
        Role role = member.roles() == null || member.roles().isEmpty() ? Role.MEMBER
                : member.roles().contains(Role.MEMBER) ? Role.MEMBER : member.roles().get(0);
        directory.remember(member.id(), member.name(), role, null, "member-service");
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MemberView(String id, String name, List<Role> roles) {
    }

    /** member-service does not know this member. */
    public static final class UnknownMember extends RuntimeException {
        UnknownMember(String memberId) {
            super("Unknown member '" + memberId + "'", null, false, false);
        }
    }

    /** The member is not in the directory and member-service cannot be asked now. */
    public static final class MemberServiceUnavailable extends RuntimeException {
        MemberServiceUnavailable(Throwable cause) {
            super("Members cannot be verified right now", cause, false, false);
        }
    }
}
