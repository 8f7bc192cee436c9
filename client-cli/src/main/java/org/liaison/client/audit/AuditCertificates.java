package org.liaison.client.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.liaison.client.ProfileException;

/**
 * Checks that an audit certificate chain leads to the operator CA this profile trusts for the
 * server (the profile's {@code server-ca.pem}), with the JDK's PKIX validator: signatures, validity
 * at the given instant, CA basic constraints and key usage along the path. Revocation is not
 * checked (the operator publishes no CRL for its audit key yet). The audit certificate itself must
 * not be a CA and, when it has a key usage, must allow digitalSignature.
 *
 * <p>Also reads and writes the PEM and DER forms the audit commands use.
 */
public final class AuditCertificates {

    private static final Base64.Encoder PEM_BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> trusted;

    /** A check against {@code trustedCas}, the operator CA certificate(s). */
    public AuditCertificates(Collection<X509Certificate> trustedCas) {
        this.trusted = List.copyOf(trustedCas);
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("no trusted operator CA");
        }
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate ca : trusted) {
            set.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(set);
    }

    /**
     * A check against the CA certificates of the PEM file {@code serverCaPem} (a profile's
     * {@code server-ca.pem}).
     *
     * @throws ProfileException naming the file if it cannot be read or holds no certificate
     */
    public static AuditCertificates fromPem(Path serverCaPem) {
        return new AuditCertificates(readPem(serverCaPem));
    }

    /**
     * Verifies {@code chain} (the audit certificate first, then its issuers; the trusted CA itself
     * may end it) as of {@code at}.
     *
     * @return the audit certificate, {@code chain.get(0)}
     * @throws AuditCertificateException saying why if it does not chain to a trusted CA
     */
    public X509Certificate verify(List<X509Certificate> chain, Instant at) {
        if (chain.isEmpty()) {
            throw new AuditCertificateException("no audit certificate: checkpoints cannot be checked");
        }
        X509Certificate audit = chain.get(0);
        String subject = audit.getSubjectX500Principal().getName();
        if (audit.getBasicConstraints() >= 0) {
            throw new AuditCertificateException("the audit certificate " + subject + " is a CA certificate");
        }
        boolean[] keyUsage = audit.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw new AuditCertificateException("the audit certificate " + subject
                    + " may not sign (key usage lacks digitalSignature)");
        }
        // PKIX wants the path without its trust anchor; the server sends it up to and including the CA.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && isTrusted(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPath certPath = factory.generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return audit;
        } catch (CertPathValidatorException e) {
            throw new AuditCertificateException("the audit certificate " + subject
                    + " does not chain to the operator CA this profile trusts for the server (" + reason(e, at)
                    + ")", e);
        } catch (InvalidAlgorithmParameterException | CertificateException e) {
            throw new AuditCertificateException("cannot check the audit certificate " + subject + ": "
                    + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PKIX validation", e);
        }
    }

    private boolean isTrusted(X509Certificate certificate) {
        return trusted.stream().anyMatch(ca -> ca.equals(certificate));
    }

    private static String reason(CertPathValidatorException e, Instant at) {
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
            return "a certificate of the chain had expired at " + at;
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return "a certificate of the chain was not yet valid at " + at;
        }
        return e.getMessage();
    }

    /**
     * Parses DER certificates (as {@code CheckpointList.audit_certificate_chain} carries them).
     *
     * @throws AuditCertificateException if one does not parse
     */
    public static List<X509Certificate> fromDer(List<byte[]> ders) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (byte[] der : ders) {
            try {
                certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | ClassCastException e) {
                throw new AuditCertificateException("certificate " + (certificates.size() + 1)
                        + " of the audit certificate chain cannot be parsed", e);
            }
        }
        return List.copyOf(certificates);
    }

    /** The DER encoding of {@code certificate}. */
    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded", e);
        }
    }

    /** PEM text of the certificates, one block each. */
    public static String pem(Collection<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            out.append("-----BEGIN CERTIFICATE-----\n")
                    .append(PEM_BASE64.encodeToString(der(certificate)))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return out.toString();
    }

    /**
     * The certificates of a PEM file.
     *
     * @throws ProfileException naming the file if it is missing, unreadable or holds none
     */
    public static List<X509Certificate> readPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new ProfileException("no certificate in " + file);
            }
            return List.copyOf(certificates);
        } catch (NoSuchFileException e) {
            throw new ProfileException("certificate file " + file + " does not exist", e);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new ProfileException("cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "AuditCertificates[" + trusted.size() + " trusted CA(s)]";
    }
}
