package org.liaison.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.liaison.client.crypto.BundleVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scenario C: C channels of M members, every member a separate officer on its own connection, one
 * sender (the channel's supervisor) per channel; real envelopes sealed for all M devices. Measures
 * deliveries per second and the latency from the sender's write to each recipient's read, as fast
 * as the server acknowledges and then (with {@code --half}) open loop at half that message rate,
 * or open loop at {@code --rate} only.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "C: fan-out of C channels x M members: deliveries/s and send-to-read latency.")
final class FanoutScenario implements Callable<Integer> {
    @Mixin
    BenchOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--channels"}, defaultValue = "200", description = "Channels. Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = {"-m", "--members"}, defaultValue = "50",
            description = "Members per channel, the sender included. Default: ${DEFAULT-VALUE}.")
    int members;

    @Option(names = "--messages", defaultValue = "20",
            description = "Messages per channel in the as-fast-as-possible phase. Default: ${DEFAULT-VALUE}.")
    int messages;

    @Option(names = "--window", defaultValue = "4",
            description = "Unacknowledged messages in flight per sender (fastest phase). Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--rate", defaultValue = "0",
            description = "Open loop only, at this many messages/s in total (0: fastest phase first). "
                    + "Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--half", description = "After the fastest phase, run open loop at half its message rate.")
    boolean half;

    @Option(names = "--duration", defaultValue = "10",
            description = "Seconds of an open-loop phase. Default: ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(names = "--body-bytes", defaultValue = "200", description = "Plaintext size. Default: ${DEFAULT-VALUE}.")
    int bodyBytes;

    @Option(names = "--warmup-messages", defaultValue = "5",
            description = "Messages per channel sent first, untimed, to warm both JVMs up. Default: ${DEFAULT-VALUE}.")
    int warmupMessages;

    @Option(names = "--in-flight", defaultValue = "32",
            description = "Handshakes/requests in flight during set-up. Default: ${DEFAULT-VALUE}.")
    int inFlight;

    @Override
    public Integer call() throws Exception {
        Results results = new Results("fanout", spec.commandLine().getParseResult().originalArgs());
        int connections = channels * members;
        BenchPki pki = BenchPki.ensure(options.pkiDir(), connections);
        List<BenchOfficer> officers = pki.officers(connections);
        GeneratorTls tls = new GeneratorTls(officers, pki.operatorCa(), options.tls);
        try (ServerChild server = ServerChild.start(options, options.pkiDir(), serverSettings());
             Connector connector = new Connector(tls, "127.0.0.1", server.port(), options.ioThreads)) {
            List<MessagingSetup.Group> groups = setUp(pki, officers, connector);
            results.put("channels", channels);
            results.put("members_per_channel", members);
            results.put("connections", connections);
            results.put("body_bytes", bodyBytes);
            results.put("generator_tls", tls.providerName());
            results.put("generator_io_threads", options.ioThreads);
            results.put("envelope_frame_bytes", 0);
            double fastestRate = 0;
            int next = 0;
            if (warmupMessages > 0) {
                byte[][][] frames = seal(groups, next, warmupMessages, results);
                Map<String, Object> warm = new MessageRun(groups, frames, next).closedLoop(window, server.pid(), 2000);
                next += warmupMessages;
                System.out.printf("warm-up: %.0f deliveries/s%n", (double) warm.get("deliveries_per_s"));
            }
            if (rate <= 0) {
                byte[][][] frames = seal(groups, next, messages, results);
                next += messages;
                System.out.printf("fastest phase: %d messages, window %d per sender%n",
                        (long) messages * channels, window);
                Map<String, Object> fastest = new MessageRun(groups, frames, next - messages)
                        .closedLoop(window, server.pid(), 3000);
                results.put("fastest", fastest);
                fastestRate = (double) fastest.get("messages_per_s");
            }
            double openRate = rate > 0 ? rate : half ? fastestRate / 2 : 0;
            if (openRate > 0) {
                int count = (int) Math.max(1, Math.ceil(openRate * durationSeconds / channels));
                byte[][][] frames = seal(groups, next, count, results);
                System.out.printf("open loop: %.0f messages/s for %d s%n", openRate, durationSeconds);
                Map<String, Object> open = new MessageRun(groups, frames, next)
                        .openLoop(openRate, server.pid(), 3000);
                results.put(rate > 0 ? "open_loop" : "half_of_fastest", open);
            }
            results.put("target", ">= 100000 deliveries/s at 200 x 50; p99 < 20 ms at 50% of that load");
            results.note("latency counts from the sender's write (open loop: from when the message was due) "
                    + "to the recipient's read of the pushed frame, both in this process; the sender's own "
                    + "device is a recipient too and its push counts as a delivery");
            results.finish(options.out);
        }
        return 0;
    }

    private Map<String, String> serverSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("timeouts.handshake-seconds", "60");
        // A sender here sends far more than a person does; the default 200/s per connection would
        // refuse the benchmark, not measure the server.
        settings.put("limits.rate.requests-per-second", "100000");
        settings.put("limits.rate.burst", "100000");
        return settings;
    }

    private List<MessagingSetup.Group> setUp(BenchPki pki, List<BenchOfficer> officers, Connector connector)
            throws InterruptedException {
        long start = System.nanoTime();
        int connections = officers.size();
        List<BenchConnection> open = connector.connectAll(connections,
                i -> new Connector.Identity(officers.get(i).officerId(), "bench-f" + i), true, inFlight);
        System.out.printf("%d connections in %.1f s%n", connections, (System.nanoTime() - start) / 1e9);
        Map<String, BenchOfficer> byId = officers.stream()
                .collect(Collectors.toMap(BenchOfficer::officerId, Function.identity()));
        List<MessagingSetup.Member> devices = MessagingSetup.publishKeys(open, byId, 256);
        MessagingSetup.sync(open, 256);
        BundleVerifier verifier = MessagingSetup.verifier(pki);
        List<CompletableFuture<MessagingSetup.Group>> created = new ArrayList<>();
        for (int g = 0; g < channels; g++) {
            List<MessagingSetup.Member> channel = devices.subList(g * members, (g + 1) * members);
            created.add(MessagingSetup.createChannel(g, channel.get(0), channel.subList(1, members), verifier));
        }
        List<MessagingSetup.Group> groups = created.stream().map(CompletableFuture::join).toList();
        System.out.printf("set-up done in %.1f s (keys published, synced, %d channels created)%n",
                (System.nanoTime() - start) / 1e9, channels);
        // Let the membership events of the creations reach every member before timing anything.
        Thread.sleep(2000);
        return groups;
    }

    private byte[][][] seal(List<MessagingSetup.Group> groups, int first, int count, Results results) {
        long start = System.nanoTime();
        byte[][][] frames = EnvelopePool.seal(groups, first, count, bodyBytes);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sealed %d envelopes for %d recipients each in %.1f s (untimed)%n",
                (long) count * groups.size(), members, seconds);
        results.put("envelope_frame_bytes", frames[0][0].length);
        return frames;
    }
}
