package org.liaison.client.audit;

import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.liaison.audit.AuditCertificates;
import org.liaison.audit.AuditCertificates.UntrustedAuditCertificateException;
import org.liaison.client.ProfileException;

/**
 * The operator CA(s) an auditor trusts for the audit key: the profile's {@code server-ca.pem},
 * the CA it already trusts for the server's TLS certificate. An audit certificate chain is
 * accepted only if it leads there, as the shared {@link AuditCertificates} checks it (JDK PKIX:
 * signatures, validity at the given instant, CA constraints along the path, no revocation; the
 * audit certificate itself an end-entity certificate allowed to sign).
 */
public final class AuditTrust {

    private final List<X509Certificate> operatorCas;

    /** Trusts {@code operatorCas}. */
    public AuditTrust(List<X509Certificate> operatorCas) {
        this.operatorCas = List.copyOf(operatorCas);
        if (this.operatorCas.isEmpty()) {
            throw new IllegalArgumentException("no trusted operator CA");
        }
    }

    /**
     * Trusts the CA certificates of the PEM file {@code serverCaPem} (a profile's
     * {@code server-ca.pem}).
     *
     * @throws ProfileException naming the file if it cannot be read or holds no certificate
     */
    public static AuditTrust fromPem(Path serverCaPem) {
        return new AuditTrust(CertificateEncoding.readPem(serverCaPem));
    }

    /**
     * Verifies {@code chain} (the audit certificate first, then its issuers; the trusted CA itself
     * may end it) as of {@code at}.
     *
     * @return the audit certificate, {@code chain.get(0)}
     * @throws AuditCertificateException saying why if it does not chain to a trusted CA
     */
    public X509Certificate verify(List<X509Certificate> chain, Instant at) {
        try {
            return AuditCertificates.requireTrusted(chain, operatorCas, at);
        } catch (UntrustedAuditCertificateException e) {
            throw new AuditCertificateException(e.getMessage() + validity(e, at), e);
        }
    }

    /** PKIX says "validity check failed" for both ends; say which, and when. */
    private static String validity(UntrustedAuditCertificateException e, Instant at) {
        if (e.getCause() instanceof CertPathValidatorException cause) {
            if (cause.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                return " (a certificate of the chain had expired at " + at + ")";
            }
            if (cause.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return " (a certificate of the chain was not yet valid at " + at + ")";
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return "AuditTrust[" + operatorCas.size() + " operator CA(s)]";
    }
}
