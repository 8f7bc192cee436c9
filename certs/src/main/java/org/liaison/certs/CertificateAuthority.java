package org.liaison.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.liaison.proto.v1.Classification;

/**
 * One certificate authority of the Liaison PKI: an agency CA that issues its officers'
 * certificates, or the operator CA ({@code liaison-ops}) that issues the server's.
 *
 * <p>A CA lives in a directory (see the {@code *_FILE} constants). Once a CA has been
 * {@linkplain #load loaded} from or {@linkplain #save saved} to its directory, every certificate it
 * issues is also written to {@code issued/<serial hex>.pem} and every revocation and CRL number to
 * {@code revoked.properties}, so that the next run of the tool knows them. Time comes from the
 * {@link Clock} given at creation or load. Methods are thread-safe. {@link #toString()} never shows
 * the key.
 */
public final class CertificateAuthority {

    /** Agency code of the operator CA, and organization ({@code O}) of every server certificate. */
    public static final String OPERATOR_CODE = "liaison-ops";

    /** The CA certificate. */
    public static final String CA_CERTIFICATE_FILE = "ca.pem";
    /** The CA key, PKCS#8 PEM, encrypted when a passphrase was given, mode 0600. */
    public static final String CA_KEY_FILE = "ca.key.pem";
    /** The agency: code, nation, name, officer-prefix. */
    public static final String AGENCY_FILE = "agency.properties";
    /** The current CRL (always present once the CA is saved). */
    public static final String CRL_FILE = "crl.pem";
    /** The revocation state the CRL is regenerated from. */
    public static final String REVOKED_FILE = "revoked.properties";
    /** Every certificate the CA issued, one {@code <serial hex>.pem} each. */
    public static final String ISSUED_DIR = "issued";

    /** Default validity of a CA certificate. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    /** Default validity of an officer certificate. */
    public static final Duration DEFAULT_OFFICER_VALIDITY = Duration.ofDays(365);
    /** Default validity of a server certificate. */
    public static final Duration DEFAULT_SERVER_VALIDITY = Duration.ofDays(825);
    /** Default time between a CRL's thisUpdate and nextUpdate. */
    public static final Duration DEFAULT_CRL_VALIDITY = Duration.ofDays(30);
    /**
     * How far before "now" the certificates issued by {@link #create}, {@link #issueOfficerChecked}
     * and {@link #issueServer} start, so that a peer whose clock is slightly behind accepts them.
     */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(5);

    private final AgencySpec agency;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Clock clock;
    private final CertificateIssuer issuer;
    private final RevocationList revocations;
    private final Map<BigInteger, X509Certificate> issued = new LinkedHashMap<>();
    private CaDirectory home;

    private CertificateAuthority(AgencySpec agency, X509Certificate certificate, PrivateKey key, Clock clock,
                                 RevocationList revocations, CaDirectory home) {
        this.agency = agency;
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
        this.issuer = new CertificateIssuer(certificate, key);
        this.revocations = revocations;
        this.home = home;
    }

    /**
     * Creates a CA in memory with a new P-256 key and a self-signed certificate
     * {@code CN=<name> CA, O=<code>, C=<nation>} valid for {@code validity} from now.
     */
    public static CertificateAuthority create(AgencySpec agency, Clock clock, Duration validity) {
        requirePositive(validity, "CA validity");
        Instant now = clock.instant();
        KeyPair keys = PkiCrypto.newKeyPair();
        X509Certificate certificate = CertificateIssuer.selfSignedCa(
                agency, keys, now.minus(CLOCK_SKEW_ALLOWANCE), now.plus(validity));
        return new CertificateAuthority(agency, certificate, keys.getPrivate(), clock, new RevocationList(), null);
    }

    /** Loads the CA in {@code dir} with the system clock; see {@link #load(Path, char[], Clock)}. */
    public static CertificateAuthority load(Path dir, char[] keyPasswordOrNull) {
        return load(dir, keyPasswordOrNull, Clock.systemUTC());
    }

    /**
     * Loads the CA in {@code dir}, checking that the certificate is a CA of the agency in
     * {@code agency.properties} and that the key belongs to it.
     *
     * @param keyPasswordOrNull the key's passphrase, or null if the key is not encrypted
     * @throws PkiException naming the file that is missing or does not fit
     */
    public static CertificateAuthority load(Path dir, char[] keyPasswordOrNull, Clock clock) {
        CaDirectory home = new CaDirectory(dir);
        if (!Files.isDirectory(dir)) {
            throw new PkiException("no CA directory at " + dir);
        }
        AgencySpec agency = home.readAgency();
        X509Certificate certificate = home.readCaCertificate(agency);
        PrivateKey key = Pem.readPrivateKey(home.key(), keyPasswordOrNull);
        if (!PkiCrypto.keysMatch(key, certificate.getPublicKey())) {
            throw new PkiException(home.key() + " is not the private key of " + home.certificate());
        }
        RevocationList revocations = RevocationList.read(home.revokedFile());
        if (Files.exists(home.crl())) {
            revocations.raiseCrlNumber(crlNumber(Pem.readCrl(home.crl())));
        }
        return new CertificateAuthority(agency, certificate, key, clock, revocations, home);
    }

    /**
     * Writes this CA to {@code dir} (created if needed) and makes it the CA's home: certificate, key
     * (mode 0600), agency, revocation state, issued certificates, and a CRL if none is there.
     *
     * @param keyPasswordOrNull passphrase to encrypt the key with, or null to leave it unencrypted
     * @param force whether to replace an existing CA key; the issued certificates of a replaced,
     *     different CA are deleted
     * @throws PkiException if {@code dir} already holds a CA key and {@code force} is false
     */
    public synchronized void save(Path dir, char[] keyPasswordOrNull, boolean force) {
        CaDirectory target = new CaDirectory(dir);
        if (Files.exists(target.key()) && !force) {
            throw new PkiException("refusing to overwrite the existing CA key " + target.key()
                    + " (use --force to replace the CA in " + dir + ")");
        }
        boolean sameCa = target.holdsKeyOf(certificate);
        if (!sameCa) {
            target.deleteIssued();
        }
        List<X509Certificate> issuedElsewhere = home != null && !home.sameDirectoryAs(target)
                ? home.readAllIssued() : List.of();
        Pem.writeCertificate(target.certificate(), certificate);
        Pem.writePrivateKey(target.key(), key, keyPasswordOrNull);
        target.writeAgency(agency);
        issuedElsewhere.forEach(target::writeIssued);
        issued.values().forEach(target::writeIssued);
        home = target;
        revocations.write(target.revokedFile());
        if (!sameCa || !Files.exists(target.crl())) {
            writeCrl(target.crl(), DEFAULT_CRL_VALIDITY);
        }
    }

    /** The agency this CA belongs to. */
    public AgencySpec agency() {
        return agency;
    }

    /** The CA's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The directory the CA was loaded from or last saved to, if any. */
    public synchronized Optional<Path> directory() {
        return Optional.ofNullable(home).map(CaDirectory::dir);
    }

    /** Issues an officer certificate exactly as {@code spec} says, with no policy check (for tests). */
    public synchronized IssuedIdentity issueOfficer(OfficerSpec spec) {
        KeyPair keys = PkiCrypto.newKeyPair();
        return record(issuer.officer(spec, keys.getPublic()), keys.getPrivate());
    }

    /**
     * Issues an officer certificate after checking this CA's policy: a valid officer id that starts
     * with the agency's prefix, at least one role, only {@linkplain OfficerSpec#KNOWN_ROLES known
     * roles}, and a validity that ends before the CA's own.
     *
     * @throws PkiException naming the rule that the request breaks
     */
    public IssuedIdentity issueOfficerChecked(String officerId, Set<String> roles, Duration validity) {
        return issueOfficerChecked(officerId, roles, null, validity);
    }

    /**
     * As {@link #issueOfficerChecked(String, Set, Duration)}, writing {@code clearance} into the
     * certificate's clearance extension (null: none, cleared for UNCLASSIFIED only).
     *
     * @throws PkiException naming the rule that the request breaks
     */
    public IssuedIdentity issueOfficerChecked(String officerId, Set<String> roles, Classification clearance,
                                              Duration validity) {
        if (!OfficerSpec.isValidOfficerId(officerId)) {
            throw new PkiException("invalid officer id '" + officerId + "': it must match "
                    + OfficerSpec.OFFICER_ID_REGEX + " and have at most " + OfficerSpec.MAX_OFFICER_ID_LENGTH
                    + " characters (e.g. " + agency.officerPrefix() + "given.family)");
        }
        if (!agency.ownsOfficerId(officerId)) {
            throw new PkiException("officer id '" + officerId + "' does not start with '" + agency.officerPrefix()
                    + "': the CA of " + agency.code() + " issues certificates to its own officers only");
        }
        if (roles.isEmpty()) {
            throw new PkiException("an officer certificate needs at least one role of " + OfficerSpec.KNOWN_ROLES);
        }
        for (String role : roles) {
            if (!OfficerSpec.KNOWN_ROLES.contains(role)) {
                throw new PkiException("unknown role '" + role + "'; roles are " + OfficerSpec.KNOWN_ROLES);
            }
        }
        Instant now = clock.instant();
        Instant notAfter = endWithinCa(now, validity);
        return issueOfficer(new OfficerSpec(officerId, roles, agency.code(), agency.nation(),
                now.minus(CLOCK_SKEW_ALLOWANCE), notAfter, clearance));
    }

    /**
     * Issues a TLS server certificate {@code CN=<first DNS name>, O=liaison-ops} with the given DNS
     * names and IP literals as subject alternative names (IPs are never resolved).
     *
     * @throws IllegalArgumentException for an empty DNS list or a malformed name or address
     */
    public synchronized IssuedIdentity issueServer(List<String> dnsNames, List<String> ipAddresses,
                                                   Duration validity) {
        CertificateIssuer.subjectAlternativeNames(dnsNames, ipAddresses);
        Instant now = clock.instant();
        Instant notAfter = endWithinCa(now, validity);
        KeyPair keys = PkiCrypto.newKeyPair();
        return record(issuer.server(dnsNames, ipAddresses, keys.getPublic(), now.minus(CLOCK_SKEW_ALLOWANCE), notAfter),
                keys.getPrivate());
    }

    /**
     * Issues the server's audit signing certificate ({@code CN=liaison-audit, O=liaison-ops}) for a
     * new ECDSA P-256 key: it signs the audit log's checkpoints, and auditors verify them against
     * it. Issue it from the operator CA.
     */
    public synchronized IssuedIdentity issueAudit(Duration validity) {
        Instant now = clock.instant();
        Instant notAfter = endWithinCa(now, validity);
        KeyPair keys = PkiCrypto.newKeyPair();
        return record(issuer.audit(keys.getPublic(), now.minus(CLOCK_SKEW_ALLOWANCE), notAfter),
                keys.getPrivate());
    }

    /**
     * Records the revocation of {@code serial} (persisted when the CA has a directory). The next
     * {@link #crl} lists it.
     *
     * @param reason an RFC 5280 reason code accepted by {@link RevocationReason#fromCode}
     */
    public void revoke(BigInteger serial, Instant when, int reason) {
        revoke(serial, when, RevocationReason.fromCode(reason));
    }

    /** Records the revocation of {@code serial}; see {@link #revoke(BigInteger, Instant, int)}. */
    public synchronized void revoke(BigInteger serial, Instant when, RevocationReason reason) {
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(reason, "reason");
        revocations.revoke(serial, when, reason);
        persistRevocations();
    }

    /** Whether {@code serial} has been revoked by this CA. */
    public synchronized boolean isRevoked(BigInteger serial) {
        return revocations.entry(serial).isPresent();
    }

    /**
     * The serial numbers of the certificates this CA issued whose common name is {@code officerId},
     * oldest first: those in its {@code issued/} directory and those issued in memory.
     */
    public synchronized List<BigInteger> issuedTo(String officerId) {
        List<X509Certificate> matches = new ArrayList<>();
        for (X509Certificate candidate : allIssued().values()) {
            if (SubjectNames.commonName(candidate).filter(officerId::equals).isPresent()) {
                matches.add(candidate);
            }
        }
        matches.sort(Comparator.comparing(X509Certificate::getNotBefore).thenComparing(X509Certificate::getSerialNumber));
        return matches.stream().map(X509Certificate::getSerialNumber).toList();
    }

    /** The certificate this CA issued with {@code serial}, if it is known. */
    public synchronized Optional<X509Certificate> issuedCertificate(BigInteger serial) {
        X509Certificate inMemory = issued.get(serial);
        if (inMemory != null || home == null) {
            return Optional.ofNullable(inMemory);
        }
        return home.readIssued(serial);
    }

    /**
     * Signs a new CRL: thisUpdate now, nextUpdate now + {@code nextUpdate}, the next CRL number,
     * every revoked serial. The number is persisted when the CA has a directory.
     */
    public synchronized X509CRL crl(Duration nextUpdate) {
        X509CRL crl = revocations.sign(certificate, key, clock.instant(), nextUpdate);
        persistRevocations();
        return crl;
    }

    /** Signs a new CRL (see {@link #crl}) and writes it to {@code file} as PEM. */
    public void writeCrl(Path file, Duration nextUpdate) {
        Pem.writeCrl(file, crl(nextUpdate));
    }

    /**
     * Signs a new CRL and writes it to this CA's own {@code crl.pem}.
     *
     * @return the CRL written
     * @throws PkiException if the CA was never loaded or saved
     */
    public synchronized X509CRL publishCrl(Duration nextUpdate) {
        if (home == null) {
            throw new PkiException("this CA has no directory yet; save it first");
        }
        X509CRL crl = crl(nextUpdate);
        Pem.writeCrl(home.crl(), crl);
        return crl;
    }

    /** The CRL number extension of {@code crl}, or zero if it has none. */
    public static BigInteger crlNumber(X509CRL crl) {
        byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (value == null) {
            return BigInteger.ZERO;
        }
        try {
            byte[] octets = ASN1OctetString.getInstance(value).getOctets();
            return CRLNumber.getInstance(ASN1Primitive.fromByteArray(octets)).getCRLNumber();
        } catch (IOException | IllegalArgumentException e) {
            throw new PkiException("invalid CRL number extension", e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName()
                + (home == null ? "" : ", dir=" + home.dir()) + "]";
    }

    private IssuedIdentity record(X509Certificate issuedCertificate, PrivateKey issuedKey) {
        issued.put(issuedCertificate.getSerialNumber(), issuedCertificate);
        if (home != null) {
            home.writeIssued(issuedCertificate);
        }
        return new IssuedIdentity(issuedCertificate, issuedKey, List.of(issuedCertificate, certificate));
    }

    private Map<BigInteger, X509Certificate> allIssued() {
        Map<BigInteger, X509Certificate> all = new LinkedHashMap<>();
        if (home != null) {
            home.readAllIssued().forEach(c -> all.put(c.getSerialNumber(), c));
        }
        all.putAll(issued);
        return all;
    }

    private void persistRevocations() {
        if (home != null) {
            revocations.write(home.revokedFile());
        }
    }

    private Instant endWithinCa(Instant now, Duration validity) {
        requirePositive(validity, "validity");
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            throw new PkiException("a validity of " + validity.toDays() + " days would end after the CA certificate ("
                    + certificate.getNotAfter().toInstant() + "); issue a shorter certificate or renew the CA");
        }
        return notAfter;
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + duration);
        }
    }
}
