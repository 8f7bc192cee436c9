package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The first record of an audit export: who exported what from where. Informational: the header
 * is not covered by any signature (the entries and the checkpoint are), so a reader trusts it only
 * as far as it trusts whoever handed over the file; {@code certificateChain} is checked against the
 * reader's own operator CA.
 *
 * @param exportedBy       the officer id of the auditor who exported
 * @param exportedAt       when
 * @param server           the server ({@code host:port}) the entries came from
 * @param filter           the filters: entries matching them are whole, the others redacted
 * @param certificateChain the audit certificate that signed the checkpoint, then its issuers up to
 *                         the operator CA
 */
public record ExportHeader(String exportedBy, Instant exportedAt, String server, AuditFilter filter,
                           List<X509Certificate> certificateChain) {

    /** The {@code format} of exports this client writes and reads. */
    public static final String FORMAT = "liaison-audit-export-v1";

    public ExportHeader {
        Objects.requireNonNull(exportedBy, "exportedBy");
        Objects.requireNonNull(exportedAt, "exportedAt");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(filter, "filter");
        certificateChain = List.copyOf(certificateChain);
    }
}
