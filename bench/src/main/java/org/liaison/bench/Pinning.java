package org.liaison.bench;

import java.util.List;

/** CPU pinning with {@code taskset -c LIST} (Linux): a child process runs on the given cores only. */
final class Pinning {
    private Pinning() {
    }

    /** The command prefix that pins to {@code cpus} (e.g. {@code 0} or {@code 0,1}); none when blank. */
    static List<String> prefix(String cpus) {
        return cpus == null || cpus.isBlank() ? List.of() : List.of("taskset", "-c", cpus);
    }
}
