package org.liaison.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.Checkpoint;

/**
 * How the {@code audit} verbs show entries, checkpoints and failures: one line of text each, or
 * the JSON shapes of their {@code --json} output (hashes lowercase hex, times ISO-8601 instants).
 */
final class AuditViews {

    /** The column header of {@link #line}. */
    static final String HEADER = String.format(Locale.ROOT, "%6s  %-24s  %-26s %-20s %-15s %-20s %s",
            "SEQ", "TIME (UTC)", "ACTOR", "ACTION", "CHANNEL", "TARGET", "DETAILS");

    private AuditViews() {
    }

    /** One entry on one line: seq, time, actor, action, channel, target, details joined by "; ". */
    static String line(AuditEntry entry) {
        return String.format(Locale.ROOT, "%6d  %-24s  %-26s %-20s %-15s %-20s %s", entry.seq(),
                AuditTimes.shown(entry.timeMs()), printable(entry.actor()), printable(entry.action()),
                orDash(entry.channel()), orDash(entry.target()), details(entry.details()));
    }

    /** A failure: {@code FAIL <seq> <REASON>: <explanation>}. */
    static String fail(AuditFailure failure) {
        return "FAIL " + failure.seq() + " " + failure.reason() + ": " + printable(failure.explanation());
    }

    /** A hash in full, for people to compare. */
    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static String details(String details) {
        return printable(details.replace("\n", "; "));
    }

    private static String orDash(String value) {
        return value.isEmpty() ? "-" : printable(value);
    }

    private static String printable(String text) {
        return EventFormatter.printable(text);
    }

    /** An entry in {@code --json} output, exactly as the server sent it. */
    record EntryView(long seq, String time, long timeMs, String actor, String action, String channel, String target,
                     String details, String prevHash, String entryHash) {

        static EntryView of(AuditEntry entry) {
            return new EntryView(entry.seq(), Instant.ofEpochMilli(entry.timeMs()).toString(), entry.timeMs(),
                    entry.actor(), entry.action(), entry.channel(), entry.target(), entry.details(),
                    hex(entry.prevHash()), hex(entry.entryHash()));
        }
    }

    /** A signed checkpoint. */
    record CheckpointView(long seq, String time, String entryHash, String keyId) {

        static CheckpointView of(Checkpoint checkpoint) {
            return new CheckpointView(checkpoint.seq(), Instant.ofEpochMilli(checkpoint.timeMs()).toString(),
                    hex(checkpoint.entryHash()), checkpoint.keyId());
        }
    }

    /** A failing seq. */
    record FailureView(long seq, String reason, String explanation) {

        static FailureView of(AuditFailure failure) {
            return new FailureView(failure.seq(), failure.reason().name(), failure.explanation());
        }

        static List<FailureView> of(List<AuditFailure> failures) {
            return failures.stream().map(FailureView::of).toList();
        }
    }

    /** {@code audit query --json}: one page; {@code latestCheckpoint} left out when there is none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PageView(List<EntryView> entries, boolean more, long lastSeq, CheckpointView latestCheckpoint) {
    }

    /** {@code audit verify --json}, online. */
    record VerifyView(boolean ok, long entries, long lastSeq, int checkpoints, int serverCheckpoints,
                      int keptCheckpoints, long lastCheckpointSeq, List<Long> keptMissingOnServer,
                      List<FailureView> failures) {
    }

    /** {@code audit verify --export FILE --json}. */
    record ExportVerifyView(boolean ok, String file, long entries, long whole, long redacted,
                            CheckpointView checkpoint, String auditCertificate, String exportedBy, String exportedAt,
                            String server, Map<String, String> filters, List<FailureView> failures) {
    }

    /** {@code audit export --json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExportView(boolean ok, String file, String format, Long entries, Long whole, Long redacted,
                      CheckpointView checkpoint, long lastSeq, Long uncovered, List<FailureView> failures) {
    }

    /** {@code audit checkpoint --json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CheckpointCheckView(boolean ok, CheckpointView checkpoint, CheckpointView previous, long entriesChecked,
                               boolean keptNow, boolean previousMissing, List<FailureView> failures) {
    }
}
