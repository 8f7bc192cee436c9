package org.liaison.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process from {@code /proc} (Linux), so that the server's and
 * each generator process's CPU are read the same way.
 */
final class ProcessCpu {
    /** {@code sysconf(_SC_CLK_TCK)}: 100 on Linux x86-64. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** User + system CPU time of {@code pid}, in nanoseconds; -1 if it cannot be read. */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Time the threads of {@code pid} spent runnable but waiting for a CPU, in nanoseconds (the
     * second field of {@code /proc/<pid>/task/<tid>/schedstat}, summed over the live threads);
     * -1 if it cannot be read. Shows how much another load on the machine held the process back.
     */
    static long runQueueWaitNanos(long pid) {
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.mapToLong(task -> {
                try {
                    return Long.parseLong(Files.readString(task.resolve("schedstat")).strip().split(" ")[1]);
                } catch (IOException | RuntimeException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size of {@code pid} in bytes ({@code VmRSS}); -1 if it cannot be read. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU of a set of processes over an interval, in cores used on average. */
    static final class Meter {
        private final long[] pids;
        private final long[] startCpu;
        private final long[] startWait;
        private final long startWall;

        Meter(long... pids) {
            this.pids = pids.clone();
            this.startCpu = new long[pids.length];
            this.startWait = new long[pids.length];
            for (int i = 0; i < pids.length; i++) {
                startCpu[i] = cpuNanos(pids[i]);
                startWait[i] = runQueueWaitNanos(pids[i]);
            }
            this.startWall = System.nanoTime();
        }

        /** Cores used since the meter started, summed over its processes. */
        double cores() {
            long wall = System.nanoTime() - startWall;
            return wall <= 0 ? 0 : (double) usedNanos() / wall;
        }

        /** Time runnable but not running since the meter started, summed over its processes' threads. */
        long waitNanos() {
            long waited = 0;
            for (int i = 0; i < pids.length; i++) {
                waited += runQueueWaitNanos(pids[i]) - startWait[i];
            }
            return waited;
        }

        /** CPU time used since the meter started, summed over its processes. */
        long usedNanos() {
            long used = 0;
            for (int i = 0; i < pids.length; i++) {
                used += cpuNanos(pids[i]) - startCpu[i];
            }
            return used;
        }
    }
}
