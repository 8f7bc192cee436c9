package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import org.liaison.audit.AuditVerification;

/**
 * The outcome of verifying an export on its own.
 *
 * @param result           every failing sequence number; empty when the export verifies
 * @param auditCertificate the audit certificate that signed the checkpoint (chains to the operator CA)
 * @param whole            how many entries are whole
 * @param redacted         how many entries are redacted
 */
public record ExportVerification(AuditVerification result, X509Certificate auditCertificate, long whole,
                                 long redacted) {

    /** Whether the export verifies. */
    public boolean ok() {
        return result.ok();
    }
}
