package dev.brew.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MachineTest {

    @Test
    void memory_is_the_proportional_share_which_is_positive_and_never_above_the_resident_set() {
        long pid = ProcessHandle.current().pid();
        long proportional = Machine.proportionalKib(pid);
        assertThat(proportional).isPositive();
        assertThat(proportional).isLessThanOrEqualTo(Machine.residentSetKib(pid));
        long summed = Machine.residentMiB(pid);
        assertThat(summed).isPositive().isLessThanOrEqualTo(Machine.residentSetKib(pid) / 1024);
    }
}
