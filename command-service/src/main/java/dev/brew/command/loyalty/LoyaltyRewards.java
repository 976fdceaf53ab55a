package dev.brew.command.loyalty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.brew.contracts.order.AppliedReward;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Reserves a member's loyalty reward for an order at loyalty-service before the order is placed (ADR 0801). Only
 * orders that carry a reward call it, behind a circuit breaker with short timeouts: with loyalty-service down, orders
 * without a reward are untouched and an order with one gets a fast 503.
 */
@Component
public class LoyaltyRewards {

    private static final Logger log = LoggerFactory.getLogger(LoyaltyRewards.class);

    private final RestClient loyaltyService;
    private final CircuitBreaker breaker;

    private final Counter released;

    LoyaltyRewards(@Value("${brew.loyalty-service.uri:http://localhost:8084}") String loyaltyServiceUri,
                   @Value("${brew.loyalty-service.timeout:1s}") Duration timeout, MeterRegistry meters) {
        this.released = Counter.builder("brew.order.rewards.released")
                .description("Rewards given back at once because their order was not placed after the reservation")
                .register(meters);
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        this.loyaltyService = RestClient.builder().baseUrl(loyaltyServiceUri).requestFactory(requests).build();
        this.breaker = CircuitBreaker.of("loyalty-service", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .ignoreExceptions(HttpClientErrorException.class)
                .build());
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
    public static final class RewardRefused extends RuntimeException {
        private final HttpStatus status;
        private final String code;

        RewardRefused(HttpStatus status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        public HttpStatus status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** loyalty-service cannot be asked now: the order with a reward is not placed. */
    public static final class LoyaltyServiceUnavailable extends RuntimeException {
        LoyaltyServiceUnavailable(Throwable cause) {
            super("Rewards cannot be applied right now", cause, false, false);
        }
    }
}
