package dev.brew.defaults.security;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a Brew token, in one place: {@code sub} is the member id, {@code name} the member's name, and
 * {@code roles} a list of {@link Role} names that become {@code ROLE_*} authorities.
 */
public final class BrewJwt {

    public static final String NAME_CLAIM = "name";
    public static final String ROLES_CLAIM = "roles";

    private BrewJwt() {
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
