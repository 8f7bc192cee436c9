package org.liaison.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One timed phase of a messaging scenario over set-up channels and pre-sealed frames: either
 * closed loop, as fast as the server acknowledges ({@code window} messages in flight per sender),
 * or open loop at a fixed arrival rate, where latency counts from when each message was due (so a
 * generator or server that falls behind shows in the figures instead of hiding).
 */
final class MessageRun {
    private static final long STALL_MILLIS = 20_000;

    private final List<MessagingSetup.Group> groups;
    private final byte[][][] frames;
    private final int first;
    private final int perGroup;
    private final DeliveryProbe probe;
    private final int[] sentCount;

    MessageRun(List<MessagingSetup.Group> groups, byte[][][] frames, int first) {
        this.groups = groups;
        this.frames = frames;
        this.first = first;
        this.perGroup = frames[0].length;
        this.probe = new DeliveryProbe(groups.size(), first, perGroup);
        this.sentCount = new int[groups.size()];
    }

    /** Installs the probe on every member's connection; senders' answers release their next message if closed. */
    private void listen(boolean closedLoop) {
        for (MessagingSetup.Group group : groups) {
            for (MessagingSetup.Member member : group.members()) {
                member.connection().listen(probe.listener());
            }
            ClosedLoopSender sender = closedLoop ? new ClosedLoopSender(group) : null;
            group.sender().connection().listen(probe.listener(sender, group.index()));
        }
    }

    /** Sends everything with {@code window} in flight per sender; returns the figures. */
    Map<String, Object> closedLoop(int window, long serverPid, long quietMillis) throws InterruptedException {
        listen(true);
        Meters meters = new Meters(serverPid);
        for (MessagingSetup.Group group : groups) {
            group.sender().connection().channel().eventLoop().execute(() -> {
                for (int w = 0; w < window; w++) {
                    sendNext(group);
                }
            });
        }
        return finish(meters, quietMillis);
    }

    /** Sends everything at {@code rate} messages/s in total, round robin over the channels. */
    Map<String, Object> openLoop(double rate, long serverPid, long quietMillis) {
        listen(false);
        Meters meters = new Meters(serverPid);
        long total = (long) groups.size() * perGroup;
        long start = meters.startNanos;
        long maxLag = 0;
        for (long k = 0; k < total; k++) {
            long due = start + (long) (k * 1e9 / rate);
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            maxLag = Math.max(maxLag, now - due);
            int g = (int) (k % groups.size());
            int n = (int) (k / groups.size());
            probe.sent(g, first + n, due);
            groups.get(g).sender().connection().writeEncoded(frames[g][n]);
        }
        Map<String, Object> figures = finish(meters, quietMillis);
        figures.put("offered_messages_per_s", rate);
        figures.put("generator_max_send_lag_ms", maxLag / 1e6);
        return figures;
    }

    private void sendNext(MessagingSetup.Group group) {
        int g = group.index();
        int n;
        synchronized (group) {
            n = sentCount[g];
            if (n >= perGroup) {
                return;
            }
            sentCount[g] = n + 1;
        }
        probe.sent(g, first + n, System.nanoTime());
        group.sender().connection().writeEncoded(frames[g][n]);
    }

    /** Releases a group's next message when one of its messages is acknowledged. */
    private final class ClosedLoopSender implements DeliveryProbe.AckListener {
        private final MessagingSetup.Group group;

        ClosedLoopSender(MessagingSetup.Group group) {
            this.group = group;
        }

        @Override
        public void accepted() {
            sendNext(group);
        }
    }

    /**
     * Waits until every message is answered and deliveries have stopped for {@code quietMillis},
     * or nothing at all has happened for {@value #STALL_MILLIS} ms; computes the figures.
     */
    private Map<String, Object> finish(Meters meters, long quietMillis) {
        long messages = (long) groups.size() * perGroup;
        long lastSeen = -1;
        long quietSince = System.nanoTime();
        while (true) {
            long seen = probe.deliveries() + probe.accepted() + probe.errors();
            long now = System.nanoTime();
            if (seen != lastSeen) {
                lastSeen = seen;
                quietSince = now;
            }
            long quiet = (now - quietSince) / 1_000_000L;
            boolean answered = probe.accepted() + probe.errors() >= messages;
            if (answered && quiet > quietMillis || quiet > STALL_MILLIS) {
                break;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        long end = Math.max(probe.lastDeliveryNanos(), probe.lastAcceptedNanos());
        double seconds = (end - meters.startNanos) / 1e9;
        Histogram latency = probe.latency();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("started_at", meters.startedAt.toString());
        figures.put("messages_sent", messages);
        figures.put("messages_accepted", probe.accepted());
        figures.put("errors", probe.errors());
        if (probe.firstError() != null) {
            figures.put("first_error", probe.firstError());
        }
        figures.put("deliveries", probe.deliveries());
        figures.put("seconds", seconds);
        figures.put("messages_per_s", probe.accepted() / seconds);
        figures.put("deliveries_per_s", probe.deliveries() / seconds);
        figures.put("latency_send_to_read", Results.latency(latency));
        figures.put("latency_send_to_ack", Results.latency(probe.ackLatency()));
        // CPU over the phase, the quiet wait after it included (idle, so a slight overestimate).
        figures.put("server_cpu_cores", meters.server.usedNanos() / 1e9 / Math.max(seconds, 1e-9));
        figures.put("generator_cpu_cores", meters.generator.usedNanos() / 1e9 / Math.max(seconds, 1e-9));
        // Runnable but not running: CPU the server would have used had the machine been its own.
        figures.put("server_cpu_wait_cores", meters.server.waitNanos() / 1e9 / Math.max(seconds, 1e-9));
        return figures;
    }

    /** CPU meters of the server and this generator process, started together with the phase. */
    private static final class Meters {
        final ProcessCpu.Meter server;
        final ProcessCpu.Meter generator;
        final long startNanos;
        final java.time.Instant startedAt = java.time.Instant.now();

        Meters(long serverPid) {
            server = new ProcessCpu.Meter(serverPid);
            generator = new ProcessCpu.Meter(ProcessHandle.current().pid());
            startNanos = System.nanoTime() + 1_000_000;
        }
    }
}
