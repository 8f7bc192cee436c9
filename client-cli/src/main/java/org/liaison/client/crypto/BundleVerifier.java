package org.liaison.client.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.liaison.client.ClientProfile;
import org.liaison.client.crypto.BundleRejectedException.Reason;
import org.liaison.markings.Clearance;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.KeyBundle;
import org.liaison.proto.v1.SignedKeyBundle;

/**
 * Verifies other devices' key bundles against this client's own copy of the trusted agency CAs
 * (the profile's {@code agency-cas.pem}), never against anything the server says. This is what
 * keeps the server from substituting keys (DESIGN.md, promise 3).
 *
 * <p>{@link #verify} accepts a bundle only if, at the clock's time, all of these hold, checked in
 * this order; the first that fails throws a {@link BundleRejectedException} whose
 * {@link BundleRejectedException#reason() reason} names it:
 * <ol>
 *   <li>a certificate chain is attached ({@code MISSING_CHAIN}) and its first certificate parses
 *       ({@code MALFORMED});</li>
 *   <li>that officer certificate names a trusted agency CA as issuer and carries that CA's valid
 *       signature ({@code UNTRUSTED_ISSUER}); the rest of the attached chain is ignored: trust
 *       comes only from the local copy;</li>
 *   <li>the officer certificate and the CA certificate are within their validity
 *       ({@code CERTIFICATE_EXPIRED}, {@code CERTIFICATE_NOT_YET_VALID});</li>
 *   <li>the officer certificate is an end-entity certificate for client authentication: not a CA,
 *       EKU clientAuth, digitalSignature if key usage is present, no unknown critical extension
 *       ({@code NOT_OFFICER_CERTIFICATE});</li>
 *   <li>its subject has exactly the CA's {@code O} (agency code) and {@code C} (nation), and a
 *       {@code CN} that starts with {@code <agency code>.} ({@code WRONG_AGENCY});</li>
 *   <li>the bundle signature verifies with the officer certificate's key over
 *       {@link KeyBundles#signedContent} ({@code BAD_SIGNATURE}), and only then is the bundle parsed
 *       ({@code MALFORMED});</li>
 *   <li>the bundle's officer id is the certificate's {@code CN} ({@code OFFICER_MISMATCH}) and its
 *       device id is 1-64 characters of {@code [A-Za-z0-9._-]} ({@code MALFORMED});</li>
 *   <li>both keys are 32 bytes ({@code BAD_KEY_LENGTH}) and the signing key is a valid Ed25519
 *       point ({@code INVALID_KEY});</li>
 *   <li>{@code created_ms < expires_ms} ({@code MALFORMED}) and {@code expires_ms} is after the
 *       clock's time ({@code BUNDLE_EXPIRED}).</li>
 * </ol>
 *
 * <p>Not checked (yet): revocation. The client has no CRLs, so a bundle signed with a revoked
 * officer certificate is accepted until the certificate expires; the server refuses revoked
 * officers at connection time. The officer-id prefix is assumed to be {@code <agency code>.}: an
 * agency configured with another prefix on the server is not supported here.
 *
 * <p>Immutable and thread-safe.
 */
public final class BundleVerifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** Critical extensions an officer certificate may carry: key usage, SAN, basic constraints, EKU. */
    private static final Set<String> KNOWN_CRITICAL = Set.of("2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.37");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final List<TrustedCa> trusted;
    private final Clock clock;

    private record TrustedCa(X509Certificate certificate, String agency, String nation) {
    }

    /**
     * A verifier that trusts exactly {@code trustedAgencyCas}, each for its own agency: the agency
     * code and nation are the CA certificate's own {@code O} and {@code C}.
     *
     * @throws IllegalArgumentException if the list is empty or a certificate is not a CA or lacks a single O and C
     */
    public BundleVerifier(Collection<X509Certificate> trustedAgencyCas, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        List<TrustedCa> cas = new ArrayList<>();
        for (X509Certificate ca : Objects.requireNonNull(trustedAgencyCas, "trustedAgencyCas")) {
            String subject = ca.getSubjectX500Principal().getName();
            if (ca.getBasicConstraints() < 0) {
                throw new IllegalArgumentException("trusted agency certificate " + subject
                        + " is not a CA certificate");
            }
            X500Name name = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
            List<String> organizations = attribute(name, BCStyle.O);
            List<String> countries = attribute(name, BCStyle.C);
            if (organizations.size() != 1 || countries.size() != 1 || organizations.get(0).isEmpty()) {
                throw new IllegalArgumentException("trusted agency CA " + subject
                        + " must have exactly one O (agency code) and one C (nation)");
            }
            cas.add(new TrustedCa(ca, organizations.get(0), countries.get(0)));
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("no trusted agency CA: every key bundle would be refused");
        }
        this.trusted = List.copyOf(cas);
    }

    /**
     * A verifier trusting the CA certificates of the PEM file {@code agencyCasPem}.
     *
     * @throws CryptoException naming the file if it cannot be read or holds no certificate
     * @throws IllegalArgumentException as the constructor
     */
    public static BundleVerifier fromPem(Path agencyCasPem, Clock clock) {
        try (InputStream in = Files.newInputStream(agencyCasPem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            List<X509Certificate> cas = new ArrayList<>();
            for (Certificate certificate : certificates) {
                cas.add((X509Certificate) certificate);
            }
            if (cas.isEmpty()) {
                throw new CryptoException("no certificate in the trusted agency CA file " + agencyCasPem);
            }
            return new BundleVerifier(cas, clock);
        } catch (IOException | CertificateException e) {
            throw new CryptoException("cannot read the trusted agency CA file " + agencyCasPem + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A verifier trusting the profile's {@code agency-cas.pem}.
     *
     * @throws CryptoException if the profile has no agency CA file or it cannot be read
     */
    public static BundleVerifier forProfile(ClientProfile profile, Clock clock) {
        Path agencyCas = profile.agencyCas().orElseThrow(() -> new CryptoException(
                "the profile has no trusted agency CA file (agency-cas.pem): other officers' keys cannot be verified"));
        return fromPem(agencyCas, clock);
    }

    /**
     * The nation of an officer, from the trusted agency CA whose agency code prefixes the officer
     * id ({@code <agency code>.}); empty when no trusted agency has that code.
     */
    public Optional<String> nationOf(String officerId) {
        for (TrustedCa ca : trusted) {
            if (officerId.startsWith(ca.agency() + ".")) {
                return Optional.of(ca.nation());
            }
        }
        return Optional.empty();
    }

    /**
     * Verifies {@code signed} as described in the type's documentation.
     *
     * @return the verified keys, with agency and nation taken from the trusted CA
     * @throws BundleRejectedException with the first rule the bundle breaks
     */
    public VerifiedBundle verify(SignedKeyBundle signed) {
        return verify(signed, clock.instant());
    }

    /**
     * Verifies {@code signed} as it stood at {@code at}: certificate and bundle validity are judged
     * at that instant instead of now. For checking what a device signed in the past (a membership
     * statement), never for choosing whom to encrypt to.
     *
     * @throws BundleRejectedException with the first rule the bundle breaks
     */
    public VerifiedBundle verify(SignedKeyBundle signed, Instant at) {
        Objects.requireNonNull(signed, "signed");
        Instant now = Objects.requireNonNull(at, "at");
        if (signed.getCertificateChainCount() == 0) {
            throw new BundleRejectedException(Reason.MISSING_CHAIN, "the bundle carries no certificate");
        }
        X509Certificate officer = parseCertificate(signed.getCertificateChain(0));
        String subject = officer.getSubjectX500Principal().getName();
        TrustedCa ca = issuerOf(officer, subject);
        checkValidity(officer, "officer certificate " + subject, now);
        checkValidity(ca.certificate(), "agency CA certificate of " + ca.agency(), now);
        checkOfficerUsage(officer, subject);
        String officerId = checkNames(officer, subject, ca);
        checkSignature(officer, signed, subject);
        KeyBundle bundle = parseBundle(signed.getBundle());
        Set<String> roles = Set.copyOf(attribute(X500Name.getInstance(officer.getSubjectX500Principal().getEncoded()),
                BCStyle.OU));
        return checkBundle(bundle, officerId, ca, now, roles, Clearance.of(officer));
    }

    private static X509Certificate parseCertificate(ByteString der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
        } catch (CertificateException | ClassCastException e) {
            throw new BundleRejectedException(Reason.MALFORMED, "the officer certificate cannot be parsed", e);
        }
    }

    private TrustedCa issuerOf(X509Certificate officer, String subject) {
        for (TrustedCa ca : trusted) {
            if (!officer.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())) {
                continue;
            }
            try {
                officer.verify(ca.certificate().getPublicKey());
                return ca;
            } catch (GeneralSecurityException | RuntimeException e) {
                // Same name, other key (a forged CA of the same name, or a rolled-over CA): try the next one.
            }
        }
        throw new BundleRejectedException(Reason.UNTRUSTED_ISSUER, "certificate " + subject + " issued by "
                + officer.getIssuerX500Principal().getName() + " is not signed by any trusted agency CA");
    }

    private static void checkValidity(X509Certificate certificate, String what, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new BundleRejectedException(Reason.CERTIFICATE_EXPIRED, what + " expired on "
                    + certificate.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new BundleRejectedException(Reason.CERTIFICATE_NOT_YET_VALID, what + " is valid only from "
                    + certificate.getNotBefore().toInstant(), e);
        }
    }

    private static void checkOfficerUsage(X509Certificate officer, String subject) {
        if (officer.getBasicConstraints() >= 0) {
            throw new BundleRejectedException(Reason.NOT_OFFICER_CERTIFICATE, subject + " is a CA certificate");
        }
        boolean[] keyUsage = officer.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw new BundleRejectedException(Reason.NOT_OFFICER_CERTIFICATE,
                    subject + " is not allowed to sign (key usage lacks digitalSignature)");
        }
        List<String> extendedKeyUsage;
        try {
            extendedKeyUsage = officer.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new BundleRejectedException(Reason.MALFORMED, subject + " has an unreadable extended key usage", e);
        }
        if (extendedKeyUsage == null || !extendedKeyUsage.contains(CLIENT_AUTH)) {
            throw new BundleRejectedException(Reason.NOT_OFFICER_CERTIFICATE,
                    subject + " is not a client (officer) certificate: extended key usage lacks clientAuth");
        }
        Set<String> critical = officer.getCriticalExtensionOIDs();
        if (critical != null) {
            for (String oid : critical) {
                if (!KNOWN_CRITICAL.contains(oid)) {
                    throw new BundleRejectedException(Reason.NOT_OFFICER_CERTIFICATE,
                            subject + " has an unknown critical extension " + oid);
                }
            }
        }
    }

    /** Checks the agency name rules and returns the officer id (the CN). */
    private static String checkNames(X509Certificate officer, String subject, TrustedCa ca) {
        X500Name name = X500Name.getInstance(officer.getSubjectX500Principal().getEncoded());
        List<String> organizations = attribute(name, BCStyle.O);
        List<String> countries = attribute(name, BCStyle.C);
        List<String> commonNames = attribute(name, BCStyle.CN);
        if (!organizations.equals(List.of(ca.agency())) || !countries.equals(List.of(ca.nation()))) {
            throw new BundleRejectedException(Reason.WRONG_AGENCY, "certificate " + subject + " claims O="
                    + organizations + ", C=" + countries + " but was issued by the CA of agency " + ca.agency()
                    + " (" + ca.nation() + ")");
        }
        if (commonNames.size() != 1) {
            throw new BundleRejectedException(Reason.MALFORMED, "certificate " + subject
                    + " must have exactly one CN (the officer id)");
        }
        String officerId = commonNames.get(0);
        String prefix = ca.agency() + ".";
        if (!officerId.startsWith(prefix) || officerId.length() == prefix.length()) {
            throw new BundleRejectedException(Reason.WRONG_AGENCY, "officer id '" + officerId
                    + "' does not start with '" + prefix + "': the CA of " + ca.agency()
                    + " may only certify its own officers");
        }
        return officerId;
    }

    private static void checkSignature(X509Certificate officer, SignedKeyBundle signed, String subject) {
        try {
            Signature verifier = Signature.getInstance(KeyBundles.SIGNATURE_ALGORITHM);
            verifier.initVerify(officer.getPublicKey());
            verifier.update(KeyBundles.signedContent(signed.getBundle().toByteArray()));
            if (!verifier.verify(signed.getSignature().toByteArray())) {
                throw new BundleRejectedException(Reason.BAD_SIGNATURE,
                        "the bundle signature does not verify with the key of " + subject);
            }
        } catch (InvalidKeyException e) {
            throw new BundleRejectedException(Reason.BAD_SIGNATURE, subject + " has no ECDSA key", e);
        } catch (SignatureException e) {
            throw new BundleRejectedException(Reason.BAD_SIGNATURE,
                    "the bundle signature is not a valid ECDSA signature", e);
        } catch (GeneralSecurityException e) {
            throw new BundleRejectedException(Reason.BAD_SIGNATURE, "the bundle signature cannot be checked: "
                    + e.getMessage(), e);
        }
    }

    private static KeyBundle parseBundle(ByteString bytes) {
        try {
            return KeyBundle.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleRejectedException(Reason.MALFORMED, "the signed bytes are not a KeyBundle", e);
        }
    }

    private static VerifiedBundle checkBundle(KeyBundle bundle, String officerId, TrustedCa ca, Instant now,
                                              Set<String> roles, Classification clearance) {
        if (!bundle.getOfficerId().equals(officerId)) {
            throw new BundleRejectedException(Reason.OFFICER_MISMATCH, "the bundle names officer '"
                    + bundle.getOfficerId() + "' but was signed by the certificate of '" + officerId + "'");
        }
        if (!DEVICE_ID.matcher(bundle.getDeviceId()).matches()) {
            throw new BundleRejectedException(Reason.MALFORMED, "device id '" + bundle.getDeviceId()
                    + "' is not 1-64 characters of [A-Za-z0-9._-]");
        }
        byte[] signingKey = bundle.getSigningKey().toByteArray();
        byte[] encryptionKey = bundle.getEncryptionKey().toByteArray();
        if (signingKey.length != DeviceKeys.PUBLIC_KEY_LENGTH || encryptionKey.length != DeviceKeys.PUBLIC_KEY_LENGTH) {
            throw new BundleRejectedException(Reason.BAD_KEY_LENGTH, "keys must be " + DeviceKeys.PUBLIC_KEY_LENGTH
                    + " bytes; signing key has " + signingKey.length + ", encryption key " + encryptionKey.length);
        }
        if (!DeviceKeys.isValidSigningKey(signingKey)) {
            throw new BundleRejectedException(Reason.INVALID_KEY, "the signing key is not a valid Ed25519 public key");
        }
        if (bundle.getCreatedMs() >= bundle.getExpiresMs()) {
            throw new BundleRejectedException(Reason.MALFORMED, "the bundle expires ("
                    + Instant.ofEpochMilli(bundle.getExpiresMs()) + ") before it was created ("
                    + Instant.ofEpochMilli(bundle.getCreatedMs()) + ")");
        }
        Instant expires = Instant.ofEpochMilli(bundle.getExpiresMs());
        if (!expires.isAfter(now)) {
            throw new BundleRejectedException(Reason.BUNDLE_EXPIRED, "the bundle of " + officerId + "/"
                    + bundle.getDeviceId() + " expired on " + expires);
        }
        return new VerifiedBundle(officerId, ca.agency(), ca.nation(), bundle.getDeviceId(), signingKey,
                encryptionKey, Instant.ofEpochMilli(bundle.getCreatedMs()), expires, roles, clearance);
    }

    /** Every value of attribute {@code type} in {@code name}, including inside multi-valued RDNs. */
    private static List<String> attribute(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(type)) {
            for (AttributeTypeAndValue typeAndValue : rdn.getTypesAndValues()) {
                if (typeAndValue.getType().equals(type)) {
                    values.add(text(typeAndValue.getValue()));
                }
            }
        }
        return values;
    }

    private static String text(ASN1Encodable value) {
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        // A non-string name value never equals an agency code or officer id, so it fails the name rules.
        return "#" + value.toASN1Primitive().getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "BundleVerifier[" + trusted.size() + " trusted agency CAs]";
    }
}
