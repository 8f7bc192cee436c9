package org.liaison.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scenario B: full mutual-TLS handshakes per second. Each of {@code --concurrency} loops connects,
 * completes the handshake (and Hello/Welcome with {@code --hello}), closes, and starts again; no
 * session resumption (neither side enables it).
 */
@Command(name = "handshakes", mixinStandardHelpOptions = true,
        description = "B: full mutual-TLS handshakes per second (connect, handshake, [Hello/Welcome], close).")
final class HandshakeScenario implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", defaultValue = "10", description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured seconds first. Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--concurrency", defaultValue = "32",
            description = "Connections being set up at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--hello", description = "Also exchange Hello/Welcome before closing.")
    boolean hello;

    @Option(names = "--resume",
            description = "Offer TLS 1.3 session resumption (all connections then as one officer).")
    boolean resume;

    @Option(names = "--officers", defaultValue = "100", description = "Distinct officers. Default: ${DEFAULT-VALUE}.")
    int officers;

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Recorder latency = new Recorder(3);
    private volatile boolean running = true;

    @Override
    public Integer call() throws Exception {
        Results results = new Results("handshakes", spec.commandLine().getParseResult().originalArgs());
        BenchPki pki = BenchPki.ensure(options.pkiDir(), officers);
        List<BenchOfficer> identities = pki.officers(resume ? 1 : officers);
        GeneratorTls tls = new GeneratorTls(identities, pki.operatorCa(), options.tls);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timeouts.handshake-seconds", "60");
        try (ServerChild server = ServerChild.start(options, options.pkiDir(), settings);
             Connector connector = new Connector(tls, "127.0.0.1", server.port(), options.ioThreads, resume)) {
            CountDownLatch stopped = new CountDownLatch(concurrency);
            for (int i = 0; i < concurrency; i++) {
                loop(connector, identities, stopped);
            }
            Thread.sleep(warmupSeconds * 1000L);
            long startCount = completed.get();
            long startFailed = failed.get();
            latency.getIntervalHistogram();
            long self = ProcessHandle.current().pid();
            ProcessCpu.Meter serverCpu = new ProcessCpu.Meter(server.pid());
            ProcessCpu.Meter generatorCpu = new ProcessCpu.Meter(self);
            long start = System.nanoTime();
            Thread.sleep(durationSeconds * 1000L);
            double seconds = (System.nanoTime() - start) / 1e9;
            long count = completed.get() - startCount;
            double serverCores = serverCpu.cores();
            double serverWaitCores = serverCpu.waitNanos() / 1e9 / seconds;
            double generatorCores = generatorCpu.cores();
            Histogram histogram = latency.getIntervalHistogram();
            running = false;
            stopped.await();

            double rate = count / seconds;
            results.put("handshakes_per_s", rate);
            results.put("hello_welcome", hello);
            results.put("concurrency", concurrency);
            results.put("measured_seconds", seconds);
            results.put("handshakes", count);
            results.put("failures", failed.get() - startFailed);
            results.put("setup_latency", Results.latency(histogram));
            results.put("generator_tls", tls.providerName());
            results.put("server_tls", options.serverJavaOpts != null
                    && options.serverJavaOpts.contains("liaison.tls.provider=jdk")
                    ? "JDK (-Dliaison.tls.provider=jdk)" : "ServerTls default: BoringSSL when it loads, else JDK");
            results.put("server_cpu_cores", serverCores);
            results.put("generator_cpu_cores", generatorCores);
            results.put("server_cpu_wait_cores", serverWaitCores);
            results.put("server_cpu_ms_per_handshake", serverCores * 1000 / Math.max(rate, 1e-9));
            results.put("generator_cpu_ms_per_handshake", generatorCores * 1000 / Math.max(rate, 1e-9));
            results.put("session_resumption_offered", resume);
            results.put("target", ">= 1000 full handshakes/s");
            results.put("target_met", rate >= 1000);
            results.finish(options.out);
        }
        return 0;
    }

    private void loop(Connector connector, List<BenchOfficer> identities, CountDownLatch stopped) {
        if (!running) {
            stopped.countDown();
            return;
        }
        long n = sequence.getAndIncrement();
        String officer = identities.get((int) (n % identities.size())).officerId();
        long begin = System.nanoTime();
        connector.connect(new Connector.Identity(officer, "bench-h" + (n % 1000)), hello).whenComplete((c, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                loop(connector, identities, stopped);
                return;
            }
            latency.recordValue((System.nanoTime() - begin) / 1000);
            completed.incrementAndGet();
            c.channel().close().addListener(closed -> loop(connector, identities, stopped));
        });
    }
}
