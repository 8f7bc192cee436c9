package org.liaison.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every scenario shares: where the PKI and runs live, pinning, the server's JVM, TLS. */
final class BenchOptions {
    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "bench-work",
            description = "Bench PKI and server data directories (kept between runs). Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--out", paramLabel = "FILE",
            description = "JSON result file. Default: bench-results/<scenario>-<timestamp>.json.")
    Path out;

    @Option(names = "--server-cpus", paramLabel = "LIST", defaultValue = "",
            description = "Pin the server child with taskset -c LIST (e.g. 0). Default: not pinned.")
    String serverCpus;

    @Option(names = "--generator-cpus", paramLabel = "LIST", defaultValue = "",
            description = "Pin generator worker processes with taskset -c LIST (e.g. 1); pin this "
                    + "process itself by starting it under taskset. Default: not pinned.")
    String generatorCpus;

    @Option(names = "--server-heap", paramLabel = "SIZE", defaultValue = "2g",
            description = "Server -Xms/-Xmx. Default: ${DEFAULT-VALUE}.")
    String serverHeap;

    @Option(names = "--server-java-opts", paramLabel = "OPTS", defaultValue = "",
            description = "Extra JVM options of the server child, space-separated; {run} stands for "
                    + "its run directory (e.g. -XX:StartFlightRecording=filename={run}/server.jfr,settings=profile).")
    String serverJavaOpts;

    @Option(names = "--server-log-level", paramLabel = "LEVEL", defaultValue = "WARN",
            description = "Server LIAISON_LOG_LEVEL (INFO logs a line per connection). Default: ${DEFAULT-VALUE}.")
    String serverLogLevel;

    @Option(names = "--tls", paramLabel = "PROVIDER", defaultValue = "AUTO",
            description = "Generator TLS: AUTO (BoringSSL if it loads), OPENSSL or JDK. Default: ${DEFAULT-VALUE}.")
    GeneratorTls.Provider tls;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "1",
            description = "Generator I/O threads (per generator process). Default: ${DEFAULT-VALUE}.")
    int ioThreads;

    Path workDir() {
        return workDir;
    }

    Path pkiDir() {
        return workDir.resolve("pki");
    }

    String serverCpus() {
        return serverCpus;
    }

    String serverHeap() {
        return serverHeap;
    }

    String serverLogLevel() {
        return serverLogLevel;
    }
}
