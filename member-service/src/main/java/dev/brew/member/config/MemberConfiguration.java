package dev.brew.member.config;

import com.nimbusds.jose.jwk.RSAKey;
import dev.brew.defaults.security.BrewJwt;
import dev.brew.defaults.security.BrewSecurityProperties;
import dev.brew.member.domain.MemberDirectory;
import dev.brew.member.domain.MemberRegistration;
import dev.brew.member.domain.Members;
import dev.brew.member.domain.SignIn;
import dev.brew.member.domain.SignInThrottle;
import dev.brew.member.security.JwtProperties;
import dev.brew.member.security.SigningKeys;
import dev.brew.member.security.TokenIssuer;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MemberConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** {@code {bcrypt}} today; the prefix lets a future default take over as members sign in (upgradeEncoding). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SignInThrottle signInThrottle(SignInProperties properties) {
        SignInProperties.Delays delays = properties.perNameAndAddress();
        return new SignInThrottle(
                new SignInThrottle.Delays(delays.freeFailures(), delays.firstDelay(), delays.maxDelay()),
                new SignInThrottle.Limit(properties.perName().capacity(), properties.perName().refillEvery()),
                new SignInThrottle.Limit(properties.perAddress().capacity(), properties.perAddress().refillEvery()),
                properties.rememberFor(), System::nanoTime);
    }

    @Bean
    ThrottleSweeper throttleSweeper(SignInThrottle throttle) {
        return new ThrottleSweeper(throttle);
    }

    @Bean
    MemberRegistration memberRegistration(Members members, PasswordEncoder passwordEncoder, Clock clock,
                                          SeedProperties seeds) {
        Set<String> reserved = seeds.seed().stream().map(SeedProperties.Seed::name).collect(Collectors.toSet());
        return new MemberRegistration(members, passwordEncoder, clock, reserved);
    }

    @Bean
    SignIn signIn(Members members, PasswordEncoder passwordEncoder, SignInThrottle throttle) {
        return new SignIn(members, passwordEncoder, throttle);
    }

    @Bean
    MemberDirectory memberDirectory(Members members) {
        return new MemberDirectory(members);
    }

    @Bean
    RSAKey signingKey(JwtProperties properties) {
        return SigningKeys.load(properties);
    }

    @Bean
    TokenIssuer tokenIssuer(RSAKey signingKey, JwtProperties properties, BrewSecurityProperties security,
                            Clock clock) {
        return new TokenIssuer(signingKey, properties, security.getAudience(), clock);
    }

    /**
     * This service checks the tokens it issued with its own public key, not over HTTP against itself; any
     * {@code jwk-set-uri} in the configuration is ignored here. RS256 only, and the claims every Brew checker demands
     * ({@link BrewJwt#validator}).
     */
    @Bean
    JwtDecoder jwtDecoder(RSAKey signingKey, JwtProperties properties, BrewSecurityProperties security)
            throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(BrewJwt.validator(properties.issuer(), security.getAudience()));
        return decoder;
    }

    @Bean
    OpenAPI memberServiceOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Brew member-service").version("v1")
                        .description("Sign-up, sign-in (RS256 JWT), member reads and the JWKS of the token issuer"))
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
    }

    /** Drops what the throttle no longer needs to remember. */
    static class ThrottleSweeper {

        private final SignInThrottle throttle;

        ThrottleSweeper(SignInThrottle throttle) {
            this.throttle = throttle;
        }

        @Scheduled(fixedDelay = 60, timeUnit = TimeUnit.SECONDS)
        void sweep() {
            throttle.forgetIdle();
        }
    }
}
