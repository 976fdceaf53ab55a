package dev.brew.command.loyalty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.brew.contracts.order.AppliedReward;
import dev.brew.defaults.web.ProblemException;
import dev.brew.defaults.web.Problems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.time.Duration;
import java.util.Map;

/**
 * Reserves a member's loyalty reward for an order at loyalty-service before the order is placed (ADR 0801). Only
 * orders that carry a reward call it, behind the {@code loyalty-service} breaker (application.yml) with short
 * timeouts: with loyalty-service down, orders without a reward are untouched and an order with one gets a fast 503.
 */
@Component
public class LoyaltyRewards {

    private static final Logger log = LoggerFactory.getLogger(LoyaltyRewards.class);

    private final RestClient loyaltyService;
    private final CircuitBreaker breaker;

    private final Counter released;

    LoyaltyRewards(RestClient.Builder http, CircuitBreakerRegistry breakers,
                   @Value("${brew.loyalty-service.uri}") String loyaltyServiceUri,
                   @Value("${brew.loyalty-service.timeout}") Duration timeout, MeterRegistry meters) {
        this.released = Counter.builder("brew.order.rewards.released")
                .description("Rewards given back at once because their order was not placed after the reservation")
                .register(meters);
        this.loyaltyService = http.baseUrl(loyaltyServiceUri).requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                .build(ClientHttpRequestFactorySettings.defaults().withTimeouts(timeout, timeout))).build();
        this.breaker = breakers.find("loyalty-service").orElseThrow(() -> new IllegalStateException(
                "resilience4j.circuitbreaker.instances.loyalty-service is not configured"));
    }

    /**
     * Holds the reward for the order (the same order asking again gets the same answer).
     *
     * @throws RewardRefused              the member holds no such reward, or it is used or held by another order
     * @throws LoyaltyServiceUnavailable  loyalty-service cannot be asked now
     */
    public Hold reserve(String rewardId, String orderId, String bearerToken) {
        Reservation reservation;
        try {
            reservation = breaker.executeSupplier(() -> loyaltyService.post()
                    .uri("/api/loyalty/rewards/{rewardId}/reservations", rewardId)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("orderId", orderId))
                    .retrieve()
                    .body(Reservation.class));
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode() == HttpStatus.NOT_FOUND) {
                throw new RewardRefused(HttpStatus.UNPROCESSABLE_ENTITY, "reward-not-found",
                        "You hold no reward " + rewardId);
            }
            if (e.getStatusCode() == HttpStatus.CONFLICT) {
                throw new RewardRefused(HttpStatus.CONFLICT, "reward-not-available",
                        "Reward " + rewardId + " is already used or held by another order");
            }
            throw new LoyaltyServiceUnavailable(e);
        } catch (CallNotPermittedException | RestClientException e) {
            log.warn("loyalty-service cannot reserve reward {}: {}", rewardId, e.toString());
            throw new LoyaltyServiceUnavailable(e);
        }
        if (reservation == null || !rewardId.equals(reservation.rewardId()) || !orderId.equals(reservation.orderId())) {
            throw new LoyaltyServiceUnavailable(new IllegalStateException("Unexpected reservation " + reservation));
        }
        return new Hold(new AppliedReward(rewardId, reservation.cap()), orderId, !reservation.repeat());
    }

    /**
     * Gives the reward back at once when placing its order failed after the reservation, and the order is known not
     * to be stored (ADR 0802): only a hold this call made ({@code fresh}; a retry's hold may back an order already
     * placed). Best effort: if loyalty-service cannot be asked, the hold lapses after
     * {@code brew.loyalty.reservation-timeout} as before. Never throws; the caller answers with its own failure.
     */
    public void release(Hold hold, String bearerToken) {
        if (!hold.fresh()) {
            return;
        }
        try {
            breaker.executeRunnable(() -> loyaltyService.delete()
                    .uri("/api/loyalty/rewards/{rewardId}/reservations/{orderId}", hold.reward().rewardId(),
                            hold.orderId())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                    .retrieve()
                    .toBodilessEntity());
            released.increment();
        } catch (RuntimeException e) {
            log.warn("Reward {} of order {} not given back now ({}); it lapses instead", hold.reward().rewardId(),
                    hold.orderId(), e.toString());
        }
    }

    /** A reward held for an order; {@code fresh} when this call made the hold (not a retry finding it held). */
    public record Hold(AppliedReward reward, String orderId, boolean fresh) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Reservation(String rewardId, String orderId, long cap, boolean repeat) {
    }

    /** loyalty-service refused the reward: unknown to this member (422) or not available (409). */
    public static final class RewardRefused extends ProblemException {
        RewardRefused(HttpStatus status, String code, String message) {
            super(Problems.forField(status, code, "rewardId", message), null);
        }
    }

    /** loyalty-service cannot be asked now: the order with a reward is not placed (503, Retry-After). */
    public static final class LoyaltyServiceUnavailable extends ProblemException {
        LoyaltyServiceUnavailable(Throwable cause) {
            super(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "loyalty-unavailable",
                    "Rewards cannot be applied right now; order without the reward or try again shortly"), cause);
            getBody().setProperty("field", "rewardId");
            retryAfter(5);
        }
    }
}
