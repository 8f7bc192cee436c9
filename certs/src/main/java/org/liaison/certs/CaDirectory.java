package org.liaison.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The files of a CA directory: {@code ca.pem}, {@code ca.key.pem}, {@code agency.properties},
 * {@code crl.pem}, {@code revoked.properties} and {@code issued/<serial hex>.pem}.
 */
final class CaDirectory {

    private static final String CODE = "code";
    private static final String NATION = "nation";
    private static final String NAME = "name";
    private static final String OFFICER_PREFIX = "officer-prefix";

    private final Path dir;

    CaDirectory(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path certificate() {
        return dir.resolve(CertificateAuthority.CA_CERTIFICATE_FILE);
    }

    Path key() {
        return dir.resolve(CertificateAuthority.CA_KEY_FILE);
    }

    Path agencyFile() {
        return dir.resolve(CertificateAuthority.AGENCY_FILE);
    }

    Path crl() {
        return dir.resolve(CertificateAuthority.CRL_FILE);
    }

    Path revokedFile() {
        return dir.resolve(CertificateAuthority.REVOKED_FILE);
    }

    Path issuedDir() {
        return dir.resolve(CertificateAuthority.ISSUED_DIR);
    }

    Path issuedFile(BigInteger serial) {
        return issuedDir().resolve(serial.toString(16) + ".pem");
    }

    boolean sameDirectoryAs(CaDirectory other) {
        return dir.toAbsolutePath().normalize().equals(other.dir.toAbsolutePath().normalize());
    }

    /** Reads {@code agency.properties}; errors name the file and the key. */
    AgencySpec readAgency() {
        Path file = agencyFile();
        Properties properties = PropertiesText.read(file);
        String code = PropertiesText.required(properties, CODE, file);
        String nation = PropertiesText.required(properties, NATION, file);
        String name = PropertiesText.required(properties, NAME, file);
        String prefix = properties.getProperty(OFFICER_PREFIX, code + ".").strip();
        try {
            return new AgencySpec(code, nation, name, prefix);
        } catch (IllegalArgumentException e) {
            throw new PkiException(file + ": " + e.getMessage(), e);
        }
    }

    void writeAgency(AgencySpec agency) {
        new PropertiesText()
                .comment("Agency of this CA (what the server's trust configuration must say about it)")
                .put(CODE, agency.code())
                .put(NATION, agency.nation())
                .put(NAME, agency.name())
                .put(OFFICER_PREFIX, agency.officerPrefix())
                .writeTo(agencyFile());
    }

    /** Reads {@code ca.pem} and checks that it is a CA certificate of {@code agency} (same O and C). */
    X509Certificate readCaCertificate(AgencySpec agency) {
        X509Certificate certificate = Pem.readCertificate(certificate());
        String organization = SubjectNames.first(certificate, BCStyle.O).orElse("");
        String country = SubjectNames.first(certificate, BCStyle.C).orElse("");
        if (!organization.equals(agency.code()) || !country.equals(agency.nation())) {
            throw new PkiException(certificate() + " (O=" + organization + ", C=" + country
                    + ") does not match " + agencyFile() + " (code " + agency.code() + ", nation "
                    + agency.nation() + ")");
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new PkiException(certificate() + " is not a CA certificate");
        }
        return certificate;
    }

    void writeIssued(X509Certificate certificate) {
        Pem.writeCertificate(issuedFile(certificate.getSerialNumber()), certificate);
    }

    Optional<X509Certificate> readIssued(BigInteger serial) {
        Path file = issuedFile(serial);
        return Files.exists(file) ? Optional.of(Pem.readCertificate(file)) : Optional.empty();
    }

    List<X509Certificate> readAllIssued() {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : issuedFiles()) {
            certificates.add(Pem.readCertificate(file));
        }
        return certificates;
    }

    /** Removes the issued certificates of a previous CA that this directory held. */
    void deleteIssued() {
        try {
            for (Path file : issuedFiles()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new PkiException("cannot clear " + issuedDir() + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code ca.pem} exists and holds a certificate with the same public key. */
    boolean holdsKeyOf(X509Certificate certificate) {
        if (!Files.exists(certificate())) {
            return false;
        }
        try {
            return Pem.readCertificate(certificate()).getPublicKey().equals(certificate.getPublicKey());
        } catch (PkiException e) {
            return false;
        }
    }

    private List<Path> issuedFiles() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(issuedDir())) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(issuedDir(), "*.pem")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new PkiException("cannot list " + issuedDir() + ": " + e.getMessage(), e);
        }
        files.sort(null);
        return files;
    }
}
