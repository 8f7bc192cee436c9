package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditFailure.Reason;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.audit.ChainedEntry;

/**
 * Verifies an {@link AuditExport} alone, offline: the audit certificate in its header must chain
 * to the operator CA the reader trusts (judged at the checkpoint's time, so that an export stays
 * verifiable after the audit certificate expires), the checkpoint's signature must verify under
 * it, and the hash chain recomputed from the first entry (whole entries from their fields,
 * redacted ones from their content hash) must arrive at the checkpoint's hash. Any changed,
 * deleted, inserted or reordered record fails at its seq.
 *
 * <p>An export proves that the whole entries were in the server's log, with these fields, at these
 * places, when the checkpoint was signed; it proves nothing about its header (who exported it,
 * which filters), which is not signed.
 */
public final class ExportVerifier {

    private final AuditTrust trust;

    /** Verifies exports against {@code trust}'s operator CA(s). */
    public ExportVerifier(AuditTrust trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /**
     * Verifies {@code export}.
     *
     * @throws AuditCertificateException if its audit certificate does not chain to the operator CA
     */
    public ExportVerification verify(AuditExport export) {
        X509Certificate certificate = trust.verify(export.header().certificateChain(),
                Instant.ofEpochMilli(export.checkpoint().timeMs()));
        AuditVerification result = new AuditVerifier(List.of(certificate))
                .verify(export.entries(), List.of(export.checkpoint()));
        List<ChainedEntry> uncovered = export.entries().stream()
                .filter(entry -> entry.seq() > export.checkpoint().seq()).toList();
        if (!uncovered.isEmpty()) {
            // The writer never puts them there: whoever added them wants them read as covered.
            List<AuditFailure> failures = new ArrayList<>(result.failures());
            for (ChainedEntry entry : uncovered) {
                failures.add(new AuditFailure(entry.seq(), Reason.INSERTED, "after the export's checkpoint at "
                        + export.checkpoint().seq() + ": not covered by it"));
            }
            failures.sort(Comparator.comparingLong(AuditFailure::seq));
            result = new AuditVerification(result.entries(), result.lastSeq(), result.checkpoints(),
                    result.lastCheckpointSeq(), failures);
        }
        return new ExportVerification(result, certificate, export.wholeCount(), export.redactedCount());
    }
}
