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

    @Test
    void tells_the_jit_compiler_threads_by_their_names_and_counts_their_cpu_within_the_process() {
        assertThat(Machine.isCompilerThread("77 (C2 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 11 12 0 0 20 0 50 0 1"))
                .isTrue();
        assertThat(Machine.isCompilerThread("78 (C1 CompilerThre) S 1 2 3 4 5 6 7 8 9 10 11 12 0 0 20 0 50 0 1"))
                .isTrue();
        assertThat(Machine.isCompilerThread("79 (http-nio-8080-) S 1 2 3 4 5 6 7 8 9 10 11 12 0 0 20 0 50 0 1"))
                .isFalse();
        long pid = ProcessHandle.current().pid();
        // This test JVM has compiled its test framework by now (C1 at least); its compilers are part of its CPU.
        assertThat(Machine.compilerCpuMillis(pid)).isPositive().isLessThanOrEqualTo(Machine.cpuMillis(pid));
        assertThat(Machine.compilerCpuMillis(-1)).isZero();
    }
}
