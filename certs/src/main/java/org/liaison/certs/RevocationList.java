package org.liaison.certs;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;

/**
 * A CA's revocation state, the source from which every CRL is regenerated: revoked serials with
 * their time and reason, and the number of the last CRL issued (CRL numbers only increase).
 *
 * <p>Persisted as {@code revoked.properties}: {@code crl-number=N} and one
 * {@code revoked.<serial hex>=<ISO-8601 instant>,<reason>} line per revoked certificate.
 */
final class RevocationList {

    /** When and why one certificate was revoked. */
    record Entry(Instant revokedAt, RevocationReason reason) {
    }

    private static final String CRL_NUMBER = "crl-number";
    private static final String REVOKED_PREFIX = "revoked.";

    private final SortedMap<BigInteger, Entry> entries = new TreeMap<>();
    private BigInteger lastCrlNumber = BigInteger.ZERO;

    void revoke(BigInteger serial, Instant when, RevocationReason reason) {
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("serial numbers are positive, got " + serial);
        }
        // CRLs carry seconds; keeping the same precision makes the state and the CRL agree
        entries.put(serial, new Entry(when.truncatedTo(ChronoUnit.SECONDS), reason));
    }

    Optional<Entry> entry(BigInteger serial) {
        return Optional.ofNullable(entries.get(serial));
    }

    Map<BigInteger, Entry> entries() {
        return Collections.unmodifiableSortedMap(entries);
    }

    BigInteger lastCrlNumber() {
        return lastCrlNumber;
    }

    /** Makes sure the next CRL number is above {@code issued} (e.g. the number of a CRL found on disk). */
    void raiseCrlNumber(BigInteger issued) {
        lastCrlNumber = lastCrlNumber.max(issued);
    }

    /** Signs the next CRL: thisUpdate {@code now}, nextUpdate {@code now + nextUpdate}, a new CRL number. */
    X509CRL sign(X509Certificate ca, PrivateKey caKey, Instant now, Duration nextUpdate) {
        if (nextUpdate.isNegative() || nextUpdate.isZero()) {
            throw new IllegalArgumentException("the CRL's nextUpdate must be in the future, got " + nextUpdate);
        }
        lastCrlNumber = lastCrlNumber.add(BigInteger.ONE);
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca, PkiCrypto.date(now));
        builder.setNextUpdate(PkiCrypto.date(now.plus(nextUpdate)));
        entries.forEach((serial, entry) ->
                builder.addCRLEntry(serial, PkiCrypto.date(entry.revokedAt()), entry.reason().code()));
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(lastCrlNumber))
                    .addExtension(Extension.authorityKeyIdentifier, false, PkiCrypto.authorityKeyIdentifier(ca));
        } catch (CertIOException e) {
            throw new PkiException("cannot encode CRL extensions", e);
        }
        return PkiCrypto.toCrl(builder.build(PkiCrypto.signer(caKey)));
    }

    void write(Path file) {
        PropertiesText text = new PropertiesText()
                .comment("Revocation state of this CA; crl.pem is regenerated from it.")
                .comment("revoked.<serial hex>=<revocation time>,<reason>")
                .put(CRL_NUMBER, lastCrlNumber.toString());
        entries.forEach((serial, entry) -> text.put(REVOKED_PREFIX + serial.toString(16),
                entry.revokedAt() + "," + entry.reason().rfcName()));
        text.writeTo(file);
    }

    /** Reads {@code file}; a missing file is an empty state. */
    static RevocationList read(Path file) {
        RevocationList list = new RevocationList();
        if (!Files.exists(file)) {
            return list;
        }
        Properties properties = PropertiesText.read(file);
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            try {
                if (key.equals(CRL_NUMBER)) {
                    list.raiseCrlNumber(new BigInteger(value));
                } else if (key.startsWith(REVOKED_PREFIX)) {
                    String[] parts = value.split(",", 2);
                    RevocationReason reason = parts.length > 1
                            ? RevocationReason.fromName(parts[1].strip()) : RevocationReason.UNSPECIFIED;
                    list.revoke(new BigInteger(key.substring(REVOKED_PREFIX.length()), 16),
                            Instant.parse(parts[0].strip()), reason);
                } else {
                    throw new IllegalArgumentException("unknown key");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new PkiException(file + ": invalid entry '" + key + "': " + e.getMessage(), e);
            }
        }
        return list;
    }
}
