package org.liaison.client.audit;

import org.liaison.client.LiaisonClientException;

/**
 * The audit certificate that signs checkpoints cannot be trusted: it is missing or unreadable,
 * does not chain to the operator CA this profile trusts for the server, is not valid at the time
 * it is judged at, or may not sign. Checkpoints it signed prove nothing, so nothing is verified
 * against it. The {@code liaison} CLI exits with code 1.
 */
public class AuditCertificateException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** A refusal described by {@code message}. */
    public AuditCertificateException(String message) {
        super(message);
    }

    /** A refusal described by {@code message}, caused by {@code cause}. */
    public AuditCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
