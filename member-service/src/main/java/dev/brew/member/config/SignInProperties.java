package dev.brew.member.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Brute-force limits on sign-in (only failures count; see {@code SignInThrottle}).
 *
 * @param trustForwardedFor  take the client address from the last {@code X-Forwarded-For} entry (the one the gateway
 *                           added); only behind a gateway that sets it, or anyone could pick their own address
 * @param perNameAndAddress  failures of one name from one address: {@code freeFailures}, then growing delays
 * @param perName            failures allowed per name from addresses it never signed in from (many guessers)
 * @param perAddress         failures allowed per client address, whatever the name (one guesser, many names)
 * @param rememberFor        how long an address a member signed in from stays exempt from {@code perName}
 */
@ConfigurationProperties("brew.sign-in")
public record SignInProperties(
        @DefaultValue("false") boolean trustForwardedFor,
        Delays perNameAndAddress,
        Limit perName,
        Limit perAddress,
        @DefaultValue("30d") Duration rememberFor) {

    public SignInProperties {
        perNameAndAddress = perNameAndAddress == null
                ? new Delays(5, Duration.ofSeconds(1), Duration.ofMinutes(15)) : perNameAndAddress;
        perName = perName == null ? new Limit(50, Duration.ofSeconds(30)) : perName;
        perAddress = perAddress == null ? new Limit(30, Duration.ofSeconds(2)) : perAddress;
    }

    public record Limit(int capacity, Duration refillEvery) {
    }

    public record Delays(int freeFailures, Duration firstDelay, Duration maxDelay) {
    }
}
