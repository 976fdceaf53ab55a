package dev.brew.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ADR 0128: the services off the order's path run C1 only, unless {@code BREW_JAVA_OPTS} chooses for all. */
class ServiceJavaOptionsTest {

    @Test
    void member_and_loyalty_service_run_c1_only_and_the_order_path_keeps_both_tiers() {
        Map<String, String> defaults = Map.of();

        assertThat(LocalStack.javaOptions(Part.MEMBER_SERVICE, defaults))
                .contains("-XX:+UseSerialGC", "-Xmx384m", LocalStack.TRIM_NATIVE_HEAP)
                .endsWith(LocalStack.FIRST_TIER_ONLY);
        assertThat(LocalStack.javaOptions(Part.LOYALTY_SERVICE, defaults)).contains(LocalStack.FIRST_TIER_ONLY);
        for (Part part : new Part[]{Part.COMMAND_SERVICE, Part.QUERY_SERVICE, Part.API_GATEWAY}) {
            assertThat(LocalStack.javaOptions(part, defaults)).contains("-Xmx384m")
                    .doesNotContain(LocalStack.FIRST_TIER_ONLY);
        }
    }

    @Test
    void brew_java_opts_replaces_the_options_of_every_service_alike() {
        Map<String, String> chosen = Map.of("BREW_JAVA_OPTS", " -Xmx512m  -XX:+UseParallelGC ");

        for (Part part : new Part[]{Part.MEMBER_SERVICE, Part.LOYALTY_SERVICE, Part.COMMAND_SERVICE}) {
            assertThat(LocalStack.javaOptions(part, chosen)).containsExactly("-Xmx512m", "-XX:+UseParallelGC");
        }
    }
}
