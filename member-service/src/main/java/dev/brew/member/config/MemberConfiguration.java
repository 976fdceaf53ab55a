package dev.brew.member.config;

import com.nimbusds.jose.jwk.RSAKey;
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
import org.springframework.security.oauth2.jwt.JwtValidators;
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
        return new SignInThrottle(
                new SignInThrottle.Limit(properties.perName().capacity(), properties.perName().refillEvery()),
                new SignInThrottle.Limit(properties.perAddress().capacity(), properties.perAddress().refillEvery()),
                System::nanoTime);
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
    TokenIssuer tokenIssuer(RSAKey signingKey, JwtProperties properties, Clock clock) {
        return new TokenIssuer(signingKey, properties, clock);
    }

    /**
     * This service checks the tokens it issued with its own public key, not over HTTP against itself; any
     * {@code jwk-set-uri} in the configuration is ignored here. RS256 only, the configured issuer, unexpired.
     */
    @Bean
    JwtDecoder jwtDecoder(RSAKey signingKey, JwtProperties properties) throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey())
                .signatureAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
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

    /** Drops the buckets of names and addresses that have not failed lately. */
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
