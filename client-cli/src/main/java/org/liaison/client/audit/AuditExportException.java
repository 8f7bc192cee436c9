package org.liaison.client.audit;

import org.liaison.client.LiaisonClientException;

/**
 * An audit export file cannot be read as one: not an export, an unknown format version, or a line
 * or row that does not parse. The message names the line (JSON lines) or row (CSV) and, when it
 * could be read, the entry's seq. The {@code liaison} CLI exits with code 1.
 */
public class AuditExportException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public AuditExportException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public AuditExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
