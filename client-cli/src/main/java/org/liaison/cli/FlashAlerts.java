package org.liaison.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.liaison.client.OpenedEvent;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Precedence;

/**
 * The FLASH messages {@code liaison listen} keeps re-alerting about on stderr until this officer
 * acknowledges them ({@code liaison ack}): those received from someone else that verified, and
 * those the server lists as waiting when the command starts. The officer's own acknowledgement
 * event, from this or any other device, ends an alert. Runs on the command's thread only.
 */
final class FlashAlerts {

    private record Key(String channelId, long seq) {
    }

    private static final class Alert {
        final String line;
        final String ackCommand;
        final long firstNanos;
        long nextNanos;

        Alert(String line, String ackCommand, long firstNanos, long nextNanos) {
            this.line = line;
            this.ackCommand = ackCommand;
            this.firstNanos = firstNanos;
            this.nextNanos = nextNanos;
        }
    }

    private final String self;
    private final long everyNanos;
    private final PrintWriter err;
    private final ChannelLabels labels;
    private final Map<Key, Alert> alerts = new LinkedHashMap<>();

    /**
     * @param self this officer's id
     * @param everySeconds seconds between re-alerts; 0: never re-alert
     */
    FlashAlerts(String self, long everySeconds, PrintWriter err, ChannelLabels labels) {
        this.self = self;
        this.everyNanos = Duration.ofSeconds(everySeconds).toNanos();
        this.err = err;
        this.labels = labels;
    }

    /** A FLASH message the server says is waiting for this officer: alerted now, then re-alerted. */
    void waiting(OpenedEvent opened, String line) throws Exception {
        if (track(opened, line)) {
            alert(alerts.get(key(opened.event())), "waiting for your acknowledgement");
        }
    }

    /** An event just printed: a FLASH message to track, or this officer's acknowledgement of one. */
    void seen(OpenedEvent opened, String line) throws Exception {
        ChannelEvent event = opened.event();
        if (event.hasFlashAcknowledged() && event.getActor().equals(self)) {
            alerts.remove(new Key(event.getChannelId(), event.getFlashAcknowledged().getSeq()));
            return;
        }
        track(opened, line);
    }

    private boolean track(OpenedEvent opened, String line) throws Exception {
        ChannelEvent event = opened.event();
        boolean flash = event.hasMessage() && opened.isVerified()
                && event.getMessage().getHeader().getMarkings().getPrecedence() == Precedence.PRECEDENCE_FLASH
                && !event.getMessage().getHeader().getSender().equals(self);
        if (!flash || everyNanos == 0 || alerts.containsKey(key(event))) {
            return false;
        }
        long now = System.nanoTime();
        String ack = "liaison ack " + EventFormatter.printable(labels.nameOf(event)) + " " + event.getSeq();
        alerts.put(key(event), new Alert(line, ack, now, now + everyNanos));
        return true;
    }

    /** Milliseconds until the next re-alert is due (at least 1), or a long wait when none is. */
    long millisToNext() {
        long now = System.nanoTime();
        long next = alerts.values().stream().mapToLong(alert -> alert.nextNanos).min().orElse(now + Duration
                .ofDays(1).toNanos());
        return Math.max(1, Duration.ofNanos(next - now).toMillis());
    }

    /** Re-alerts every FLASH message whose time has come. */
    void realert() {
        long now = System.nanoTime();
        for (Alert alert : alerts.values()) {
            if (alert.nextNanos - now <= 0) {
                long seconds = Duration.ofNanos(now - alert.firstNanos).toSeconds();
                alert(alert, "still not acknowledged after " + seconds + "s");
                alert.nextNanos = now + everyNanos;
            }
        }
    }

    private void alert(Alert alert, String why) {
        err.println("!! FLASH " + why + ": " + alert.line);
        err.println("!!   acknowledge it: " + alert.ackCommand);
        err.flush();
    }

    private static Key key(ChannelEvent event) {
        return new Key(event.getChannelId(), event.getSeq());
    }
}
