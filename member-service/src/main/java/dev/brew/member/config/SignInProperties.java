package dev.brew.member.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Brute-force limits on sign-in (token buckets; only failures count).
 *
 * @param trustForwardedFor take the client address from the last {@code X-Forwarded-For} entry (the one the gateway
 *                          added); only behind a gateway that sets it, or anyone could pick their own address
 * @param perName           failures allowed per name: {@code capacity} at once, then one per {@code refillEvery}
 * @param perAddress        failures allowed per client address, likewise
 */
@ConfigurationProperties("brew.sign-in")
public record SignInProperties(
        @DefaultValue("false") boolean trustForwardedFor,
        Limit perName,
        Limit perAddress) {

    public SignInProperties {
        perName = perName == null ? new Limit(5, Duration.ofMinutes(1)) : perName;
        perAddress = perAddress == null ? new Limit(30, Duration.ofSeconds(2)) : perAddress;
    }

    public record Limit(int capacity, Duration refillEvery) {
    }
}
