package dev.brew.command.infrastructure;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadLocalRandomIdentifierFactoryTest {

    @Test
    void axonFindsItAndItGivesDistinctVersion4Uuids() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(ThreadLocalRandomIdentifierFactory.class);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = IdentifierFactory.getInstance().generateIdentifier();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(seen.add(id)).isTrue();
        }
    }
}
