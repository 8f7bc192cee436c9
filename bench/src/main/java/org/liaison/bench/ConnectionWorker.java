package org.liaison.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A generator child process of scenario A: opens its share of the idle connections, greets, pings
 * at the server's heartbeat interval, and holds them until its standard input closes. It speaks a
 * line protocol on standard output: {@code READY <open> <seconds>}, then {@code OPEN <n>} for each
 * {@code report} line it reads.
 */
@Command(name = "connection-worker", hidden = true,
        description = "Child process of the connections scenario (not for direct use).")
final class ConnectionWorker implements Callable<Integer> {
    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--pki-dir", required = true)
    java.nio.file.Path pkiDir;

    @Option(names = "--first", required = true)
    int first;

    @Option(names = "--count", required = true)
    int count;

    @Option(names = "--officers", required = true)
    int officers;

    @Option(names = "--in-flight", defaultValue = "64")
    int inFlight;

    @Option(names = "--tls", defaultValue = "AUTO")
    GeneratorTls.Provider tls;

    @Option(names = "--io-threads", defaultValue = "1")
    int ioThreads;

    @Override
    public Integer call() throws Exception {
        BenchPki pki = BenchPki.ensure(pkiDir, officers);
        List<BenchOfficer> identities = pki.officers(officers);
        GeneratorTls generatorTls = new GeneratorTls(identities, pki.operatorCa(), tls);
        try (Connector connector = new Connector(generatorTls, "127.0.0.1", port, ioThreads)) {
            long start = System.nanoTime();
            List<BenchConnection> open = connector.connectAll(count, i -> new Connector.Identity(
                    identities.get((first + i) % officers).officerId(), "bench-d" + (first + i)), true, inFlight);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("READY %d %.3f%n", open.size(), seconds);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("report")) {
                    long active = open.stream().filter(c -> c.channel().isActive()).count();
                    System.out.printf("OPEN %d%n", active);
                    System.out.flush();
                }
            }
            open.forEach(c -> c.channel().close());
        }
        return 0;
    }
}
