package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.audit.RedactedEntry;

/**
 * The records of an export, shared by both formats: which fields each {@code type} has, and how a
 * file's records are assembled into an {@link AuditExport} (the {@code export} record first, the
 * {@code checkpoint} record last, {@code entry} and {@code redacted} records between). A record with
 * a field its type does not have is refused: nothing in the file may say more than what is
 * verified.
 */
final class ExportRecords {

    static final String EXPORT = "export";
    static final String ENTRY = "entry";
    static final String REDACTED = "redacted";
    static final String CHECKPOINT = "checkpoint";

    static final List<String> EXPORT_FIELDS = List.of("type", "format", "exported_by", "exported_at", "server",
            "filters", "audit_certificate_chain");
    static final List<String> ENTRY_FIELDS = List.of("type", "seq", "time_ms", "time", "actor", "action",
            "channel", "target", "details", "prev_hash", "entry_hash");
    static final List<String> REDACTED_FIELDS = List.of("type", "seq", "prev_hash", "content_hash", "entry_hash");
    static final List<String> CHECKPOINT_FIELDS = List.of("type", "seq", "entry_hash", "time_ms", "time",
            "signature", "key_id");

    /** Every field of every type, in the order of the CSV columns. */
    static final List<String> ALL_FIELDS;

    static {
        Set<String> all = new LinkedHashSet<>();
        all.addAll(List.of("type", "seq", "time_ms", "time", "actor", "action", "channel", "target", "details",
                "prev_hash", "content_hash", "entry_hash", "signature", "key_id"));
        all.addAll(EXPORT_FIELDS);
        ALL_FIELDS = List.copyOf(all);
    }

    private ExportRecords() {
    }

    /** Assembles the records of one file, in order. */
    static final class Assembler {

        private final String unit;
        private ExportHeader header;
        private final List<ChainedEntry> entries = new ArrayList<>();
        private Checkpoint checkpoint;
        private int count;

        /** {@code unit} names a record in messages: "line" or "row". */
        Assembler(String unit) {
            this.unit = unit;
        }

        /**
         * Adds the record at {@code position} (1-based, in {@link #unit}s).
         *
         * @throws AuditExportException naming the position and seq if it is malformed or misplaced
         */
        void add(AuditRow row, int position) {
            count++;
            String type;
            try {
                type = row.text("type");
            } catch (IllegalArgumentException e) {
                throw malformed(row, position, e.getMessage(), e);
            }
            if (header == null && !type.equals(EXPORT)) {
                throw new AuditExportException(where(row, position) + ": not an audit export (the first record"
                        + " must be of type \"export\")");
            }
            if (checkpoint != null) {
                throw new AuditExportException(where(row, position) + ": a record after the checkpoint");
            }
            try {
                switch (type) {
                    case EXPORT -> {
                        if (header != null) {
                            throw new IllegalArgumentException("a second export header");
                        }
                        header = header(row);
                    }
                    case ENTRY -> entries.add(entry(row));
                    case REDACTED -> entries.add(redacted(row));
                    case CHECKPOINT -> checkpoint = checkpoint(row);
                    default -> throw new IllegalArgumentException("unknown type \"" + type + "\"");
                }
            } catch (IllegalArgumentException | DateTimeException e) {
                throw malformed(row, position, e.getMessage(), e);
            }
        }

        /**
         * The export.
         *
         * @throws AuditExportException if the file held no export header or no checkpoint
         */
        AuditExport finish() {
            if (count == 0 || header == null) {
                throw new AuditExportException("not an audit export: the file is empty");
            }
            if (checkpoint == null) {
                throw new AuditExportException("the export has no checkpoint " + unit
                        + " (it must be the last): it was cut short");
            }
            return new AuditExport(header, entries, checkpoint);
        }

        private AuditExportException malformed(AuditRow row, int position, String what, Exception cause) {
            return new AuditExportException(where(row, position) + ": " + what, cause);
        }

        private String where(AuditRow row, int position) {
            String seq;
            try {
                seq = row.present().contains("seq") ? " (seq " + row.number("seq") + ")" : "";
            } catch (IllegalArgumentException e) {
                seq = "";
            }
            return unit + " " + position + seq;
        }
    }

    private static void onlyFields(AuditRow row, List<String> allowed, String type) {
        for (String field : row.present()) {
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("a " + type + " record has no field " + field);
            }
        }
    }

    static ExportHeader header(AuditRow row) {
        onlyFields(row, EXPORT_FIELDS, EXPORT);
        String format = row.text("format");
        if (!format.equals(ExportHeader.FORMAT)) {
            throw new IllegalArgumentException("format \"" + format + "\" is not " + ExportHeader.FORMAT);
        }
        Map<String, String> filters = row.map("filters");
        List<byte[]> chain = new ArrayList<>();
        for (String certificate : row.list("audit_certificate_chain")) {
            chain.add(AuditFields.base64("audit_certificate_chain", certificate));
        }
        List<X509Certificate> certificates;
        try {
            certificates = CertificateEncoding.fromDer(chain);
        } catch (AuditCertificateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new ExportHeader(row.text("exported_by"), Instant.parse(row.text("exported_at")), row.text("server"),
                AuditFilter.ofFields(filters), certificates);
    }

    static AuditEntry entry(AuditRow row) {
        onlyFields(row, ENTRY_FIELDS, ENTRY);
        long timeMs = row.number("time_ms");
        AuditFields.checkTime(row.text("time"), timeMs);
        return new AuditEntry(row.number("seq"), timeMs, row.text("actor"), row.text("action"), row.text("channel"),
                row.text("target"), row.text("details"), AuditFields.hash("prev_hash", row.text("prev_hash")),
                AuditFields.hash("entry_hash", row.text("entry_hash")));
    }

    static RedactedEntry redacted(AuditRow row) {
        onlyFields(row, REDACTED_FIELDS, REDACTED);
        return new RedactedEntry(row.number("seq"), AuditFields.hash("prev_hash", row.text("prev_hash")),
                AuditFields.hash("content_hash", row.text("content_hash")),
                AuditFields.hash("entry_hash", row.text("entry_hash")));
    }

    static Checkpoint checkpoint(AuditRow row) {
        onlyFields(row, CHECKPOINT_FIELDS, CHECKPOINT);
        return AuditFields.checkpoint(row);
    }
}
