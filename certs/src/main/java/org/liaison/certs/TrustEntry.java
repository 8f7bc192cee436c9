package org.liaison.certs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One agency the server trusts: the agency (code, nation, name, officer-id prefix), its CA
 * certificate and its CRL. The CA is trusted only for certificates whose {@code O}, {@code C} and
 * officer-id prefix are this agency's.
 *
 * @param agency the agency
 * @param caCertificate the PEM file of the agency's CA certificate
 * @param crl the PEM file of the agency's current CRL
 */
public record TrustEntry(AgencySpec agency, Path caCertificate, Path crl) {

    /** Requires every field. */
    public TrustEntry {
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(caCertificate, "caCertificate");
        Objects.requireNonNull(crl, "crl");
    }

    /**
     * The entry for the CA directory {@code caDir}: its {@code agency.properties},
     * {@code ca.pem} and {@code crl.pem}. Needs no key: an operator can run it on the public part
     * of a CA directory that an agency handed over.
     *
     * @throws PkiException if {@code agency.properties} or {@code ca.pem} is missing or invalid, or
     *     {@code ca.pem} is not a CA certificate of that agency
     */
    public static TrustEntry fromCaDirectory(Path caDir) {
        CaDirectory directory = new CaDirectory(caDir);
        AgencySpec agency = directory.readAgency();
        directory.readCaCertificate(agency);
        return new TrustEntry(agency, directory.certificate(), directory.crl());
    }
}
