package org.liaison.client.audit;

import java.util.List;
import java.util.Objects;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.audit.RedactedEntry;

/**
 * An audit export: entries 1 to a signed checkpoint's seq, each whole ({@link AuditEntry}, it
 * matched the export's filters) or redacted ({@link RedactedEntry}: only the hashes that carry the
 * chain across it), the checkpoint, and the certificate chain in the header. It verifies alone:
 * the chain from the first entry must arrive at the checkpoint's hash, and the checkpoint's
 * signature must verify under the audit certificate, which must chain to the reader's operator CA
 * ({@link ExportVerifier}).
 *
 * <p>Written and read as JSON lines or CSV by {@link AuditExportFormat}.
 *
 * @param header     who, when, where, which filters, the certificate chain
 * @param entries    in file order
 * @param checkpoint the checkpoint that covers them
 */
public record AuditExport(ExportHeader header, List<ChainedEntry> entries, Checkpoint checkpoint) {

    public AuditExport {
        Objects.requireNonNull(header, "header");
        entries = List.copyOf(entries);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** How many entries are whole. */
    public long wholeCount() {
        return entries.stream().filter(AuditEntry.class::isInstance).count();
    }

    /** How many entries are redacted. */
    public long redactedCount() {
        return entries.size() - wholeCount();
    }

    /** The whole entries, in file order. */
    public List<AuditEntry> wholeEntries() {
        return entries.stream().filter(AuditEntry.class::isInstance).map(AuditEntry.class::cast).toList();
    }
}
