package org.liaison.client.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.liaison.client.ProfileException;

/**
 * The forms certificates take in the audit commands: DER on the wire
 * ({@code CheckpointList.audit_certificate_chain}) and in exports (base64), PEM in the profile.
 */
public final class CertificateEncoding {

    private static final Base64.Encoder PEM_BASE64 =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private CertificateEncoding() {
    }

    /**
     * Parses DER certificates.
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
}
