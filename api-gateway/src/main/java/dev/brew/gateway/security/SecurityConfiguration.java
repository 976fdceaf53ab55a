package dev.brew.gateway.security;

import dev.brew.defaults.security.BrewJwt;
import dev.brew.defaults.security.VerifiedTokens;
import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.api.ApiRoute;
import dev.brew.gateway.api.ApiRoutes;
import dev.brew.gateway.exchange.ProblemResponses;
import io.netty.channel.ChannelOption;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * Authentication at the edge: every {@code /api} call not marked public in {@link ApiRoutes} needs a valid RS256
 * token from member-service. Authorization (roles, ownership) stays in the services, which check the token again.
 * No session, no CSRF token: writes must carry the {@code Authorization} header, which a cross-site form cannot
 * send; the session cookie is only ever turned into a bearer token for safe methods ({@link SessionCookieFilter}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
public class SecurityConfiguration {

    static final String[] PUBLIC_ACTUATOR = {"/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus"};

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
                                           GatewayProperties properties, ProblemResponses problems) {
        ProblemAuthenticationHandlers handlers = new ProblemAuthenticationHandlers(problems);
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                properties.headers().contentSecurityPolicy())))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(PUBLIC_ACTUATOR).permitAll();
                    exchanges.pathMatchers("/actuator/**").denyAll();
                    for (ApiRoute route : ApiRoutes.TABLE) {
                        String[] paths = route.paths().toArray(String[]::new);
                        var access = route.method() == null ? exchanges.pathMatchers(paths)
                                : exchanges.pathMatchers(route.method(), paths);
                        if (route.isPublic()) {
                            access.permitAll();
                        } else {
                            access.authenticated();
                        }
                    }
                    exchanges.pathMatchers("/api/**").authenticated();
                    // The UI's files.
                    exchanges.anyExchange().permitAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers)
                        .authenticationFailureHandler(handlers))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers));
        if (properties.cors().enabled()) {
            http.cors(cors -> cors.configurationSource(corsSource(properties.cors().allowedOrigins())));
        } else {
            http.cors(ServerHttpSecurity.CorsSpec::disable);
        }
        return http.build();
    }

    /**
     * A request Spring Security's firewall refuses (an encoded {@code ;}, {@code %2F}, {@code ..} in the path...) gets
     * a 400 problem body like every other refusal, not a bare status.
     */
    @Bean
    ServerExchangeRejectedHandler problemForRejectedExchange(ProblemResponses problems) {
        return (exchange, rejected) -> problems.write(exchange, ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                "rejected-request", "The request was rejected: its path or headers are not allowed"));
    }

    /**
     * RS256 only (so {@code alg: none} and HMAC tricks are refused), the claims every Brew checker demands (issuer,
     * audience, {@code exp} and {@code sub} present: {@link BrewJwt#validator}), keys from
     * {@link JwksCache}. A failure to get keys at all becomes a {@link JwtException}, which Spring Security reports
     * as an authentication-service error (503), not as a bad token (401).
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, JwksCache jwksCache,
                                  @Value("${BREW_JWT_AUDIENCE:" + BrewJwt.DEFAULT_AUDIENCE + "}") String audience) {
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withJwkSource(jwksCache)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        nimbus.setJwtValidator(BrewJwt.validator(resourceServer.getJwt().getIssuerUri(), audience));
        // One signature check per token, not per request (ADR 0120): a verified token is kept until it expires.
        VerifiedTokens verified = new VerifiedTokens(Clock.systemUTC());
        return token -> {
            Jwt known = verified.get(token);
            if (known != null) {
                return Mono.just(known);
            }
            return nimbus.decode(token).map(jwt -> verified.put(token, jwt))
                    .onErrorMap(SecurityConfiguration::keysUnavailable,
                            e -> new JwtException("Signing keys unavailable", e));
        };
    }

    @Bean
    JwksCache jwksCache(OAuth2ResourceServerProperties resourceServer, GatewayProperties properties,
                        WebClient.Builder webClients) {
        GatewayProperties.Jwks jwks = properties.jwks();
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.timeouts().connect().toMillis())
                .responseTimeout(jwks.fetchTimeout());
        // Boot's builder: the key fetch is an observed call (http_client_requests, traces) like every other.
        WebClient client = webClients.clientConnector(new ReactorClientHttpConnector(http)).build();
        return new JwksCache(client, URI.create(resourceServer.getJwt().getJwkSetUri()), jwks.refreshInterval(),
                jwks.refreshCooldown(), jwks.fetchTimeout(), Clock.systemUTC());
    }

    private static boolean keysUnavailable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof JwksCache.JwksUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private static UrlBasedCorsConfigurationSource corsSource(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins.stream().filter(o -> !o.isBlank()).map(String::trim).toList());
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.DELETE.name()));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID",
                "X-Request-Id"));
        cors.setExposedHeaders(List.of("X-Request-Id", "Retry-After", "Location"));
        cors.setMaxAge(600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        source.registerCorsConfiguration("/.well-known/**", cors);
        return source;
    }
}
