package dev.brew.defaults.security;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;

/**
 * Puts {@link CachingJwtDecoder} in front of whichever {@link JwtDecoder} the service ends up with (Brew's
 * outage-tolerant one, or a test's), so the decoder's own checks stay in one place and the cache stays a separate
 * piece. {@code brew.security.verified-token-cache=false} turns it off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(JwtDecoder.class)
@ConditionalOnProperty(name = "brew.security.verified-token-cache", havingValue = "true", matchIfMissing = true)
public class VerifiedTokenCacheAutoConfiguration {

    @Bean
    static BeanPostProcessor verifiedTokenCache() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
                        ? new CachingJwtDecoder(decoder, new VerifiedTokens(Clock.systemUTC())) : bean;
            }
        };
    }
}
