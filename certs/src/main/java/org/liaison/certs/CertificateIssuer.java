package org.liaison.certs;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.util.IPAddress;
import org.liaison.markings.Clearance;

/**
 * Builds and signs the three kinds of certificate of the PKI (agency CA, officer, server) with the
 * extensions the server and clients rely on. No policy lives here: callers decide what to issue.
 */
final class CertificateIssuer {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final X509Certificate issuerCertificate;
    private final PrivateKey issuerKey;

    CertificateIssuer(X509Certificate issuerCertificate, PrivateKey issuerKey) {
        this.issuerCertificate = issuerCertificate;
        this.issuerKey = issuerKey;
    }

    /** A self-signed CA: CA:true pathLen 0 and keyCertSign|cRLSign, both critical. */
    static X509Certificate selfSignedCa(AgencySpec agency, KeyPair keys, Instant notBefore, Instant notAfter) {
        X500Name subject = SubjectNames.ca(agency);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, PkiCrypto.newSerial(),
                PkiCrypto.date(notBefore), PkiCrypto.date(notAfter), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            PkiCrypto.subjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            PkiCrypto.authorityKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new PkiException("cannot encode CA certificate extensions", e);
        }
        return PkiCrypto.toCertificate(builder.build(PkiCrypto.signer(keys.getPrivate())));
    }

    /** An officer certificate exactly as {@code spec} says: digitalSignature, clientAuth, CA:false. */
    X509Certificate officer(OfficerSpec spec, PublicKey subjectKey) {
        X509v3CertificateBuilder builder = leaf(SubjectNames.officer(spec), subjectKey, spec.notBefore(), spec.notAfter());
        try {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            if (spec.clearance() != null) {
                builder.addExtension(new ASN1ObjectIdentifier(Clearance.OID), false,
                        Clearance.extensionValue(spec.clearance()));
            }
        } catch (CertIOException e) {
            throw new PkiException("cannot encode officer certificate extensions", e);
        }
        return sign(builder);
    }

    /** A TLS server certificate: {@code CN=<first DNS name>, O=liaison-ops}, SAN DNS + IP, serverAuth. */
    X509Certificate server(List<String> dnsNames, List<String> ipAddresses, PublicKey subjectKey,
                           Instant notBefore, Instant notAfter) {
        List<GeneralName> names = subjectAlternativeNames(dnsNames, ipAddresses);
        X500Name subject = SubjectNames.server(dnsNames.get(0).toLowerCase(Locale.ROOT), CertificateAuthority.OPERATOR_CODE);
        X509v3CertificateBuilder builder = leaf(subject, subjectKey, notBefore, notAfter);
        try {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(new GeneralName[0])));
        } catch (CertIOException e) {
            throw new PkiException("cannot encode server certificate extensions", e);
        }
        return sign(builder);
    }

    /**
     * An audit signing certificate: {@code CN=liaison-audit, O=liaison-ops}, digitalSignature only
     * and no extended key usage, so that no TLS peer accepts it for a connection. Its key signs
     * the server's audit log checkpoints.
     */
    X509Certificate audit(PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        X500Name subject = SubjectNames.server(AUDIT_COMMON_NAME, CertificateAuthority.OPERATOR_CODE);
        return sign(leaf(subject, subjectKey, notBefore, notAfter));
    }

    /** The common name of audit signing certificates. */
    static final String AUDIT_COMMON_NAME = "liaison-audit";

    /** Validates and converts DNS names and IP literals (never resolved) to SAN entries. */
    static List<GeneralName> subjectAlternativeNames(List<String> dnsNames, List<String> ipAddresses) {
        if (dnsNames.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one DNS name");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames) {
            String name = dns.toLowerCase(Locale.ROOT);
            if (name.length() > 253 || !DNS_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid DNS name '" + dns + "'");
            }
            names.add(new GeneralName(GeneralName.dNSName, name));
        }
        for (String ip : ipAddresses) {
            if (!IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("invalid IP address '" + ip + "' (give a literal such as 127.0.0.1 or ::1)");
            }
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        return names;
    }

    private X509v3CertificateBuilder leaf(X500Name subject, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        BigInteger serial = PkiCrypto.newSerial();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerCertificate, serial,
                PkiCrypto.date(notBefore), PkiCrypto.date(notAfter), subject, subjectKey);
        try {
            return builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, PkiCrypto.subjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            PkiCrypto.authorityKeyIdentifier(issuerCertificate));
        } catch (CertIOException e) {
            throw new PkiException("cannot encode certificate extensions", e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) {
        return PkiCrypto.toCertificate(builder.build(PkiCrypto.signer(issuerKey)));
    }
}
