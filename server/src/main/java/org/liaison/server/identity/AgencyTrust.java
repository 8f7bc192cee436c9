package org.liaison.server.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.liaison.certs.TrustConfigFile;
import org.liaison.certs.TrustEntry;
import org.liaison.markings.Clearance;

/**
 * The server's trust configuration: which agency CAs it trusts, each for its own officers only.
 *
 * <p>{@link #identify} is the single place where a client certificate becomes an {@link Officer}:
 * the certificate must be issued and signed by a configured agency CA, be within its validity
 * dates, not be on the agency's current CRL, be meant for client authentication, and its O, C and
 * CN prefix must match that agency's trust entry. Anything else is refused with the reason.
 */
public final class AgencyTrust {
  private static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
  private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
  /** Verifies certificate signatures; not installed as a JVM-wide provider. */
  private static final java.security.Provider SIGNATURES =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  /** Past this many remembered certificates the answers start over rather than grow. */
  static final int MAX_REMEMBERED = 100_000;

  private final List<TrustedAgency> agencies;
  private final Clock clock;
  private final ConcurrentMap<ByteBuffer, Remembered> accepted = new ConcurrentHashMap<>();

  public AgencyTrust(List<TrustedAgency> agencies, Clock clock) {
    if (agencies.isEmpty()) {
      throw new IllegalArgumentException("the trust configuration names no agency");
    }
    this.agencies = List.copyOf(agencies);
    this.clock = clock;
  }

  /** Reads a trust configuration file written by the PKI tool. */
  public static AgencyTrust load(Path trustConfig, Clock clock)
      throws IOException, GeneralSecurityException {
    List<TrustedAgency> loaded = new ArrayList<>();
    for (TrustEntry entry : TrustConfigFile.read(trustConfig)) {
      loaded.add(TrustedAgency.load(entry));
    }
    return new AgencyTrust(loaded, clock);
  }

  public List<TrustedAgency> agencies() {
    return agencies;
  }

  /** The agency CA certificates, as advertised to clients in the TLS certificate request. */
  public X509Certificate[] caCertificates() {
    return agencies.stream().map(TrustedAgency::caCertificate).toArray(X509Certificate[]::new);
  }

  /**
   * Verifies a client certificate chain (leaf first) and derives the officer's identity from it.
   *
   * @throws CertificateRefusedException with a reason fit for the server log
   */
  public Officer identify(X509Certificate[] chain) throws CertificateRefusedException {
    if (chain == null || chain.length == 0) {
      throw new CertificateRefusedException("no client certificate");
    }
    return accept(chain[0], clock.instant()).officer();
  }

  /**
   * The answer {@link #identify} gives for this certificate now, and until when that answer holds
   * as long as {@link #revision()} stays the same: an accepted certificate until the earliest of
   * its own expiry, its CA's and its CRL's next update; a refused one for good, unless it is
   * refused only for not being valid yet.
   */
  public TrustVerdict verdict(X509Certificate leaf) {
    Instant now = clock.instant();
    try {
      Accepted accepted = accept(leaf, now);
      return TrustVerdict.trusted(accepted.officer(), accepted.validUntil());
    } catch (CertificateRefusedException e) {
      Instant notBefore = leaf.getNotBefore().toInstant();
      return TrustVerdict.refused(e.getMessage(),
          now.isBefore(notBefore) ? notBefore : Instant.MAX);
    }
  }

  /**
   * Changes whenever the revocation state in use changes (a CRL file re-read); negative while an
   * agency has no usable CRL. Checks every agency's CRL file on disk, so it costs one file status
   * per agency.
   */
  public long revision() {
    long sum = 0;
    for (TrustedAgency agency : agencies) {
      long crl = agency.crlRevision();
      if (crl < 0) {
        return -1;
      }
      sum += crl;
    }
    return sum;
  }

  private record Accepted(Officer officer, Instant validUntil) {}

  private record Remembered(Accepted accepted, long revision) {}

  /**
   * Accepts or refuses the certificate. An acceptance is remembered by the certificate's exact
   * encoding (so its signature and contents are those that were checked) for as long as it holds
   * and the revocation state stays the same: a connection's certificate is checked in the TLS
   * handshake and again when the connection is identified, and an officer reconnects with the
   * same certificate. Refusals are not remembered (nor can a client fill the memory with them).
   */
  private Accepted accept(X509Certificate leaf, Instant now) throws CertificateRefusedException {
    ByteBuffer key;
    try {
      key = ByteBuffer.wrap(leaf.getEncoded());
    } catch (CertificateException e) {
      throw new CertificateRefusedException("unreadable certificate: " + e.getMessage());
    }
    long current = revision();
    Remembered known = accepted.get(key);
    if (known != null && current >= 0 && known.revision() == current
        && now.isBefore(known.accepted().validUntil())) {
      return known.accepted();
    }
    Accepted fresh = check(leaf, now);
    if (current >= 0) {
      if (accepted.size() >= MAX_REMEMBERED) {
        accepted.clear();
      }
      accepted.put(key, new Remembered(fresh, current));
    }
    return fresh;
  }

  private Accepted check(X509Certificate leaf, Instant now) throws CertificateRefusedException {
    TrustedAgency agency = issuingAgency(leaf);
    checkDates(leaf, agency, now);
    checkUsage(leaf);
    X509CRL crl = agency.validCrl(now);
    if (crl.isRevoked(leaf)) {
      throw new CertificateRefusedException(
          "certificate " + leaf.getSerialNumber().toString(16) + " of " + subjectOf(leaf)
              + " is revoked by agency " + agency.agency().code());
    }
    Officer officer = officerNamedBy(leaf, agency);
    Instant until = earliest(leaf.getNotAfter(), agency.caCertificate().getNotAfter(),
        crl.getNextUpdate());
    return new Accepted(officer, until);
  }

  private static Instant earliest(Date... dates) {
    Instant result = Instant.MAX;
    for (Date date : dates) {
      if (date != null && date.toInstant().isBefore(result)) {
        result = date.toInstant();
      }
    }
    return result;
  }

  private TrustedAgency issuingAgency(X509Certificate leaf) throws CertificateRefusedException {
    X500Principal issuer = leaf.getIssuerX500Principal();
    for (TrustedAgency agency : agencies) {
      X509Certificate ca = agency.caCertificate();
      if (!ca.getSubjectX500Principal().equals(issuer)) {
        continue;
      }
      try {
        // Bouncy Castle's ECDSA: the JDK 17 provider's took ~2.4 ms per certificate here, most
        // of a first handshake's server CPU (docs/performance.md).
        leaf.verify(ca.getPublicKey(), SIGNATURES);
        return agency;
      } catch (GeneralSecurityException e) {
        // Same name, different key: a look-alike CA. Keep looking; refuse below if none verifies.
      }
    }
    throw new CertificateRefusedException(
        "issuer is not a trusted agency CA: " + issuer.getName() + " (subject " + subjectOf(leaf)
            + ")");
  }

  private static void checkDates(X509Certificate leaf, TrustedAgency agency, Instant now)
      throws CertificateRefusedException {
    Date at = Date.from(now);
    try {
      agency.caCertificate().checkValidity(at);
    } catch (CertificateException e) {
      throw new CertificateRefusedException(
          "CA of agency " + agency.agency().code() + " is outside its validity dates", e);
    }
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      throw new CertificateRefusedException(
          "certificate of " + subjectOf(leaf) + " is not valid before " + leaf.getNotBefore()
              .toInstant());
    }
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      throw new CertificateRefusedException(
          "certificate of " + subjectOf(leaf) + " expired on " + leaf.getNotAfter().toInstant());
    }
  }

  private static void checkUsage(X509Certificate leaf) throws CertificateRefusedException {
    if (leaf.getBasicConstraints() >= 0) {
      throw new CertificateRefusedException("a CA certificate cannot log in: " + subjectOf(leaf));
    }
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null && !keyUsage[KEY_USAGE_DIGITAL_SIGNATURE]) {
      throw new CertificateRefusedException(
          "certificate of " + subjectOf(leaf) + " does not allow digital signatures");
    }
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      if (eku == null || !eku.contains(CLIENT_AUTH_EKU)) {
        throw new CertificateRefusedException(
            "certificate of " + subjectOf(leaf) + " is not for client authentication");
      }
    } catch (CertificateParsingException e) {
      throw new CertificateRefusedException("unreadable extended key usage", e);
    }
  }

  private static Officer officerNamedBy(X509Certificate leaf, TrustedAgency trusted)
      throws CertificateRefusedException {
    X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
    String cn = single(subject, BCStyle.CN, "CN", leaf);
    String organization = single(subject, BCStyle.O, "O", leaf);
    String country = single(subject, BCStyle.C, "C", leaf);
    var agency = trusted.agency();
    // A CA is trusted for its own agency only: whatever else the certificate claims is refused.
    if (!agency.code().equals(organization)) {
      throw new CertificateRefusedException(
          "certificate of " + cn + " claims agency O=" + organization + " but was issued by the CA"
              + " of " + agency.code());
    }
    if (!agency.nation().equals(country)) {
      throw new CertificateRefusedException(
          "certificate of " + cn + " claims nation C=" + country + " but agency " + agency.code()
              + " is " + agency.nation());
    }
    if (!OfficerId.isValid(cn) || !cn.startsWith(agency.officerPrefix())) {
      throw new CertificateRefusedException(
          "officer id CN=" + cn + " is not of the form " + agency.officerPrefix() + "<name>");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (RDN rdn : subject.getRDNs(BCStyle.OU)) {
      String ou = IETFUtils.valueToString(rdn.getFirst().getValue());
      roles.add(
          Role.fromCertificateName(ou)
              .orElseThrow(
                  () -> new CertificateRefusedException(
                      "certificate of " + cn + " names an unknown role OU=" + ou)));
    }
    if (roles.isEmpty()) {
      throw new CertificateRefusedException("certificate of " + cn + " names no role (OU)");
    }
    // The clearance is the agency's word in the certificate, like the roles; absent means
    // UNCLASSIFIED (default deny).
    return new Officer(new OfficerId(cn), agency.code(), agency.nation(), roles,
        Clearance.of(leaf));
  }

  private static String single(
      X500Name subject, ASN1ObjectIdentifier type, String label, X509Certificate leaf)
      throws CertificateRefusedException {
    RDN[] rdns = subject.getRDNs(type);
    if (rdns.length != 1 || rdns[0].isMultiValued()) {
      throw new CertificateRefusedException(
          "certificate subject must have exactly one " + label + ": " + subjectOf(leaf));
    }
    return IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  private static String subjectOf(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }
}
