package org.liaison.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scenario D: acknowledged, durable messages per second. The server acknowledges a message
 * ({@code MessageAccepted}) only after the single writer has committed, and synced to disk, the
 * batch holding it together with its audit entry (GroupCommitter, storage.fsync on). Each sender
 * has its own channel whose other members are offline, so the figure is the durable write path, not
 * fan-out. With {@code --compare-batch} the same load runs again on a fresh server whose writer
 * commits that many writes at most per transaction (1: no group commit).
 */
@Command(name = "durable", mixinStandardHelpOptions = true,
        description = "D: acknowledged durable messages/s with the audit log on, and what group commit changes.")
final class DurableScenario implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--senders", defaultValue = "100", description = "Senders, one channel each. Default: ${DEFAULT-VALUE}.")
    int senders;

    @Option(names = {"-m", "--members"}, defaultValue = "2",
            description = "Members per channel, the sender included (the others offline). Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--messages", defaultValue = "200", description = "Messages per sender. Default: ${DEFAULT-VALUE}.")
    int messages;

    @Option(names = "--warmup-messages", defaultValue = "50",
            description = "Messages per sender first, untimed. Default: ${DEFAULT-VALUE}.")
    int warmupMessages;

    @Option(names = "--window", defaultValue = "8",
            description = "Unacknowledged messages in flight per sender. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--write-batch", defaultValue = "256",
            description = "Server storage.write-batch of the main run. Default: ${DEFAULT-VALUE}.")
    int writeBatch;

    @Option(names = "--compare-batch", defaultValue = "0",
            description = "Run again with this storage.write-batch (1: group commit off); 0: no comparison.")
    int compareBatch;

    @Option(names = "--fsync", defaultValue = "true", arity = "1",
            description = "Server storage.fsync. Default: ${DEFAULT-VALUE}.")
    boolean fsync;

    @Option(names = "--body-bytes", defaultValue = "200", description = "Plaintext size. Default: ${DEFAULT-VALUE}.")
    int bodyBytes;

    @Override
    public Integer call() throws Exception {
        Results results = new Results("durable", spec.commandLine().getParseResult().originalArgs());
        BenchPki pki = BenchPki.ensure(options.pkiDir(), senders * members);
        results.put("senders", senders);
        results.put("members_per_channel", members);
        results.put("window_per_sender", window);
        results.put("fsync", fsync);
        results.put("audit_log", "on (always: every accepted message appends a hash-chained audit entry)");
        Map<String, Object> main = runOnce(pki, writeBatch);
        results.put("write_batch_" + writeBatch, main);
        if (compareBatch > 0) {
            Map<String, Object> compared = runOnce(pki, compareBatch);
            results.put("write_batch_" + compareBatch, compared);
            results.put("group_commit_speedup", (double) main.get("messages_per_s")
                    / Math.max(1e-9, (double) compared.get("messages_per_s")));
        }
        results.put("target", ">= 20000 durable messages/s with the audit log on");
        results.put("target_met", (double) main.get("messages_per_s") >= 20_000);
        results.finish(options.out);
        return 0;
    }

    private Map<String, Object> runOnce(BenchPki pki, int batch) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timeouts.handshake-seconds", "60");
        settings.put("limits.rate.requests-per-second", "100000");
        settings.put("limits.rate.burst", "100000");
        settings.put("storage.write-batch", String.valueOf(batch));
        settings.put("storage.fsync", String.valueOf(fsync));
        List<BenchOfficer> officers = pki.officers(senders * members);
        GeneratorTls tls = new GeneratorTls(officers, pki.operatorCa(), options.tls);
        try (ServerChild server = ServerChild.start(options, options.pkiDir(), settings);
             Connector connector = new Connector(tls, "127.0.0.1", server.port(), options.ioThreads)) {
            List<MessagingSetup.Group> groups = setUp(pki, officers, connector);
            int next = 0;
            if (warmupMessages > 0) {
                new MessageRun(groups, EnvelopePool.seal(groups, 0, warmupMessages, bodyBytes), 0)
                        .closedLoop(window, server.pid(), 1000);
                next = warmupMessages;
            }
            long start = System.nanoTime();
            byte[][][] frames = EnvelopePool.seal(groups, next, messages, bodyBytes);
            System.out.printf("sealed %d envelopes in %.1f s (untimed); write batch %d%n",
                    (long) messages * senders, (System.nanoTime() - start) / 1e9, batch);
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("storage_write_batch", batch);
            figures.putAll(new MessageRun(groups, frames, next).closedLoop(window, server.pid(), 1000));
            System.out.printf("write batch %d: %.0f acknowledged messages/s%n", batch,
                    (double) figures.get("messages_per_s"));
            return figures;
        }
    }

    private List<MessagingSetup.Group> setUp(BenchPki pki, List<BenchOfficer> officers, Connector connector)
            throws InterruptedException {
        List<BenchConnection> open = connector.connectAll(officers.size(),
                i -> new Connector.Identity(officers.get(i).officerId(), "bench-s" + i), true, 32);
        Map<String, BenchOfficer> byId = officers.stream()
                .collect(Collectors.toMap(BenchOfficer::officerId, Function.identity()));
        List<MessagingSetup.Member> devices = MessagingSetup.publishKeys(open, byId, 256);
        var verifier = MessagingSetup.verifier(pki);
        List<CompletableFuture<MessagingSetup.Group>> created = new ArrayList<>();
        for (int g = 0; g < senders; g++) {
            List<MessagingSetup.Member> channel = devices.subList(g * members, (g + 1) * members);
            created.add(MessagingSetup.createChannel(g, channel.get(0), channel.subList(1, members), verifier));
        }
        List<MessagingSetup.Group> groups = created.stream().map(CompletableFuture::join).toList();
        // The other members go offline: their messages are stored for later, not pushed.
        for (MessagingSetup.Group group : groups) {
            group.members().stream().skip(1).forEach(m -> m.connection().channel().close().syncUninterruptibly());
        }
        return groups;
    }
}
