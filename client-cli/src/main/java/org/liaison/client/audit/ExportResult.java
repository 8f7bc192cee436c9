package org.liaison.client.audit;

import java.util.List;
import java.util.Optional;
import org.liaison.audit.AuditFailure;

/**
 * What {@link AuditExporter} produced.
 *
 * @param export   the export, present when the log up to the checkpoint verified
 * @param failures why the log up to the checkpoint does not verify (then nothing is exported)
 * @param lastSeq  the newest entry of the log when the entries were fetched: entries after the
 *                 export's checkpoint are not covered by a signature and are left out
 */
public record ExportResult(Optional<AuditExport> export, List<AuditFailure> failures, long lastSeq) {

    public ExportResult {
        failures = List.copyOf(failures);
    }

    /** How many entries of the log are newer than the export's checkpoint. */
    public long uncovered() {
        return export.map(e -> Math.max(0, lastSeq - e.checkpoint().seq())).orElse(0L);
    }
}
