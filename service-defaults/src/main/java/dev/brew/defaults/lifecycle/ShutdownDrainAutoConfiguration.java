package dev.brew.defaults.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * The shutdown drain (ADR 0311): once a service is told to stop, Spring Boot turns its readiness to
 * {@code REFUSING_TRAFFIC} at once, and this lifecycle, stopped before the web server's graceful shutdown, waits
 * {@code brew.shutdown.drain} before that shutdown begins. Meanwhile the service still answers every call, and the
 * gateway, which checks each instance's {@code /actuator/health/accepting} (readiness state only), stops sending it
 * new ones; only then does the web server stop taking connections and finish the calls in flight. Without the wait,
 * a call that the gateway sends in the same instant would meet a closed port or a paused connector.
 *
 * <p>Zero (the default) in Kubernetes, where the pod's {@code preStop} pause does the same before the signal;
 * the local stack sets it when it runs a service as several instances. Spring has no such setting of its own.
 */
@AutoConfiguration
public class ShutdownDrainAutoConfiguration {

    @Bean
    ShutdownDrain brewShutdownDrain(@Value("${brew.shutdown.drain:0s}") Duration drain) {
        return new ShutdownDrain(drain);
    }

    /** Stopped just before the web server's graceful shutdown (a higher phase stops earlier). */
    public static final class ShutdownDrain implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);
        private final Duration drain;
        private volatile boolean running;

        ShutdownDrain(Duration drain) {
            this.drain = drain;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            if (drain.isZero() || drain.isNegative()) {
                return;
            }
            log.info("Readiness is refusing traffic; draining for {} before the web server stops", drain);
            try {
                // The one wait here is the point of the class: time for the callers to notice the readiness change.
                Thread.sleep(drain.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
        }
    }
}
