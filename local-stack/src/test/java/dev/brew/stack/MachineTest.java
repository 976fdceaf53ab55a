package dev.brew.stack;

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

    @Test
    void readsTheCpuTimesOfAProcessFromItsStatLine() {
        long[] ticks = Machine.parseStat("4242 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 111 222 333 444 20 0 50 0 1");

        assertThat(ticks).containsExactly(111, 222, 333, 444);
        assertThat(Machine.cpuMillis(ProcessHandle.current().pid())).isPositive();
    }
}
