package dev.brew.defaults.security;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a Brew token, in one place: {@code sub} is the member id, {@code name} the member's name, and
 * {@code roles} a list of {@link Role} names that become {@code ROLE_*} authorities; {@code iss}, {@code aud} and
 * {@code exp} say who issued it, for whom and until when ({@link #validator}).
 */
public final class BrewJwt {

    public static final String NAME_CLAIM = "name";
    public static final String ROLES_CLAIM = "roles";
    /** The audience member-service issues tokens for, and every checker expects, unless configured otherwise. */
    public static final String DEFAULT_AUDIENCE = "brew";

    private BrewJwt() {
    }

    /**
     * What every checker of a Brew token (the gateway, each service) demands beyond a good RS256 signature: the
     * issuer; {@code exp} present and not past and {@code nbf} not ahead (60 s of clock skew, Spring's default);
     * a non-blank {@code sub}; and {@code audience} among {@code aud}. Spring's default validators check {@code exp}
     * only when the token has one, and a token without {@code sub} used to reach the code that builds the caller
     * (a 500): both are now refused as bad tokens (401).
     */
    public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        return new DelegatingOAuth2TokenValidator<>(
                required(JwtClaimNames.EXP),
                new JwtTimestampValidator(),
                issuer == null || issuer.isBlank() ? jwt -> OAuth2TokenValidatorResult.success()
                        : new JwtIssuerValidator(issuer),
                required(JwtClaimNames.SUB),
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                        ? OAuth2TokenValidatorResult.success()
                        : invalid("The token is not meant for " + audience));
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return jwt -> {
            Object value = jwt.getClaims().get(claim);
            return value == null || value.toString().isBlank()
                    ? invalid("The token has no " + claim) : OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }

    public static Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        return jwt -> new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
    }

    public static Requester requester(Jwt jwt) {
        String name = jwt.getClaimAsString(NAME_CLAIM);
        return new Requester(jwt.getSubject(), name == null ? jwt.getSubject() : name, roles(jwt));
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        return roles(jwt).stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
    }

    static Set<Role> roles(Jwt jwt) {
        List<String> names = jwt.getClaimAsStringList(ROLES_CLAIM);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names != null) {
            for (String name : names) {
                for (Role role : Role.values()) {
                    if (role.name().equals(name)) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }
}
