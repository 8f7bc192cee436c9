package org.liaison.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Scenario A: N idle, authenticated mTLS connections with heartbeats, held by one server process;
 * the server's heap, direct buffers and resident memory per connection (after a GC, against the
 * server's own baseline before any connection), and its CPU while the connections idle. The
 * connections come from several generator processes, since one process may hold at most 20,000
 * open files here.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "A: idle mTLS connections held; server memory per connection and idle CPU.")
final class ConnectionsScenario implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--connections"}, defaultValue = "1000",
            description = "Connections to open. Target: 19000. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--processes", defaultValue = "0",
            description = "Generator processes (0: one per 9,500 connections). Default: ${DEFAULT-VALUE}.")
    int processes;

    @Option(names = "--officers", defaultValue = "0",
            description = "Distinct officers; connection i is officer i mod this, device bench-d<i> "
                    + "(0: one officer per connection). Fewer officers than connections means several "
                    + "devices per officer, whose logins may race (see docs/performance.md). Default: ${DEFAULT-VALUE}.")
    int officers;

    @Option(names = "--hold", defaultValue = "30",
            description = "Seconds to hold the connections idle while measuring CPU. Default: ${DEFAULT-VALUE}.")
    int holdSeconds;

    @Option(names = "--heartbeat-seconds", defaultValue = "30",
            description = "Server heartbeat interval (clients ping at it). Default: ${DEFAULT-VALUE}.")
    int heartbeatSeconds;

    @Option(names = "--in-flight", defaultValue = "32",
            description = "Handshakes in flight per generator process. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Override
    public Integer call() throws Exception {
        int workers = processes > 0 ? processes : Math.max(1, (connections + 9_499) / 9_500);
        int officerCount = officers > 0 ? Math.min(officers, connections) : connections;
        Results results = new Results("connections", spec.commandLine().getParseResult().originalArgs());
        BenchPki pki = BenchPki.ensure(options.pkiDir(), officerCount);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timeouts.heartbeat-seconds", String.valueOf(heartbeatSeconds));
        // Queued handshakes wait on two shared cores; the default 10 s would cut some of them.
        settings.put("timeouts.handshake-seconds", "60");
        try (ServerChild server = ServerChild.start(options, options.pkiDir(), settings)) {
            Thread.sleep(2000);
            ServerChild.Memory before = server.memoryAfterGc();
            List<Worker> started = new ArrayList<>();
            long connectStart = System.nanoTime();
            ProcessCpu.Meter connectCpu = new ProcessCpu.Meter(server.pid());
            for (int w = 0; w < workers; w++) {
                int first = (int) ((long) connections * w / workers);
                int last = (int) ((long) connections * (w + 1) / workers);
                started.add(Worker.start(options, server.port(), first, last - first, officerCount, inFlight));
            }
            long opened = 0;
            for (Worker worker : started) {
                opened += worker.awaitReady();
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            double connectServerCores = connectCpu.cores();
            double connectServerWait = connectCpu.waitNanos() / 1e9 / connectSeconds;
            System.out.printf("%d connections open after %.1f s; holding %d s%n", opened, connectSeconds, holdSeconds);

            long[] workerPids = started.stream().mapToLong(Worker::pid).toArray();
            ProcessCpu.Meter serverIdle = new ProcessCpu.Meter(server.pid());
            ProcessCpu.Meter generatorIdle = new ProcessCpu.Meter(workerPids);
            Thread.sleep(holdSeconds * 1000L);
            double serverCores = serverIdle.cores();
            double generatorCores = generatorIdle.cores();
            ServerChild.Memory after = server.memoryAfterGc();
            List<String> histogram = server.classHistogram(15);
            long stillOpen = 0;
            for (Worker worker : started) {
                stillOpen += worker.openCount();
            }
            for (Worker worker : started) {
                worker.close();
            }

            results.put("connections_requested", connections);
            results.put("connections_open_after_hold", stillOpen);
            results.put("generator_processes", workers);
            results.put("generator_tls", GeneratorTls.resolve(options.tls).name());
            results.put("connect_seconds", connectSeconds);
            results.put("connect_rate_per_s", opened / connectSeconds);
            results.put("server_cores_while_connecting", connectServerCores);
            results.put("server_cpu_wait_cores_while_connecting", connectServerWait);
            results.put("heartbeat_seconds", heartbeatSeconds);
            results.put("hold_seconds", holdSeconds);
            results.put("server_idle_cpu_cores", serverCores);
            results.put("generator_idle_cpu_cores", generatorCores);
            results.put("server_heap_baseline_bytes", before.heapUsed());
            results.put("server_heap_after_bytes", after.heapUsed());
            results.put("server_direct_baseline_bytes", before.directUsed());
            results.put("server_direct_after_bytes", after.directUsed());
            results.put("server_rss_baseline_bytes", before.rss());
            results.put("server_rss_after_bytes", after.rss());
            long n = Math.max(1, stillOpen);
            long heapPer = (after.heapUsed() - before.heapUsed()) / n;
            long directPer = (after.directUsed() - before.directUsed()) / n;
            results.put("heap_per_connection_bytes", heapPer);
            results.put("direct_per_connection_bytes", directPer);
            results.put("heap_plus_direct_per_connection_kib", (heapPer + directPer) / 1024.0);
            double rssPerKib = (after.rss() - before.rss()) / 1024.0 / n;
            results.put("rss_per_connection_kib", rssPerKib);
            results.put("server_heap_histogram_top", histogram);
            boolean preTouched = options.serverJavaOpts != null
                    && options.serverJavaOpts.contains("-XX:+AlwaysPreTouch");
            if (preTouched) {
                // The whole heap was resident before the first connection: RSS growth is memory
                // outside the heap (native TLS state, direct buffers).
                double wholeKib = heapPer / 1024.0 + rssPerKib;
                results.put("whole_process_per_connection_kib", wholeKib);
                results.put("target", "19000 connections, <= 30 KiB each (heap + memory outside it)");
                results.put("target_met", stillOpen >= 19_000 && wholeKib <= 30);
                results.note("heap pre-touched (-XX:+AlwaysPreTouch): RSS growth per connection is memory"
                        + " outside the heap; whole process = heap + that");
            } else {
                results.put("target", "19000 connections, <= 30 KiB each (heap + direct)");
                results.put("target_met", stillOpen >= 19_000 && heapPer + directPer <= 30 * 1024);
                results.note("RSS per connection includes heap the JVM had committed before (-Xms "
                        + options.serverHeap() + "), so it is only an upper bound of native memory growth;"
                        + " run with --server-java-opts -XX:+AlwaysPreTouch to measure memory outside the heap");
            }
            results.finish(options.out);
        }
        return 0;
    }

    /** One generator child process and its line protocol. */
    private record Worker(Process process, BufferedReader out, PrintWriter in) {
        static Worker start(BenchOptions options, int port, int first, int count, int officers, int inFlight)
                throws IOException {
            List<String> command = new ArrayList<>(Pinning.prefix(options.generatorCpus));
            command.addAll(List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "-cp", System.getProperty("java.class.path"), BenchCommand.class.getName(),
                    "connection-worker", "--port", String.valueOf(port), "--pki-dir", options.pkiDir().toString(),
                    "--first", String.valueOf(first), "--count", String.valueOf(count),
                    "--officers", String.valueOf(officers), "--in-flight", String.valueOf(inFlight),
                    "--tls", options.tls.name(), "--io-threads", String.valueOf(options.ioThreads)));
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new Worker(process,
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true));
        }

        long pid() {
            return process.pid();
        }

        long awaitReady() throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    return Long.parseLong(line.split(" ")[1]);
                }
                System.out.println("  worker " + pid() + ": " + line);
            }
            throw new IllegalStateException("generator process " + pid() + " exited before it was ready");
        }

        long openCount() throws IOException {
            in.println("report");
            String line = out.readLine();
            if (line == null || !line.startsWith("OPEN ")) {
                throw new IllegalStateException("generator process " + pid() + " answered " + line);
            }
            return Long.parseLong(line.substring(5));
        }

        void close() throws InterruptedException {
            in.close();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
