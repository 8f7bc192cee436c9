package org.liaison.server.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.TrustEntry;

/**
 * One agency CA from the trust configuration, with its revocation list. The CRL file is re-read
 * whenever it changes on disk, so that publishing a new CRL takes effect without a restart.
 */
public final class TrustedAgency {
  private final AgencySpec agency;
  private final X509Certificate caCertificate;
  private final Path crlFile;
  private volatile LoadedCrl crl;
  private final AtomicLong crlLoads = new AtomicLong();

  private record LoadedCrl(X509CRL crl, FileTime modified) {}

  private TrustedAgency(AgencySpec agency, X509Certificate caCertificate, Path crlFile) {
    this.agency = agency;
    this.caCertificate = caCertificate;
    this.crlFile = crlFile;
  }

  /** Loads the CA certificate and checks that it is a CA whose subject names this agency. */
  public static TrustedAgency load(TrustEntry entry) throws IOException, GeneralSecurityException {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(entry.caCertificate())) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    if (ca.getBasicConstraints() < 0) {
      throw new CertificateException(
          "trusted CA of agency " + entry.agency().code() + " is not a CA certificate: "
              + entry.caCertificate());
    }
    TrustedAgency trusted = new TrustedAgency(entry.agency(), ca, entry.crl());
    trusted.currentCrl();
    return trusted;
  }

  public AgencySpec agency() {
    return agency;
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /**
   * The agency's current CRL, verified against the CA key and still within its validity.
   *
   * @throws CertificateRefusedException when there is no usable CRL: officers of an agency whose
   *     revocation status is unknown are refused (default deny)
   */
  public X509CRL validCrl(Instant now) throws CertificateRefusedException {
    X509CRL current;
    try {
      current = currentCrl();
    } catch (IOException | GeneralSecurityException e) {
      throw new CertificateRefusedException(
          "no usable CRL for agency " + agency.code() + ": " + e.getMessage(), e);
    }
    Date nextUpdate = current.getNextUpdate();
    if (nextUpdate != null && nextUpdate.toInstant().isBefore(now)) {
      throw new CertificateRefusedException(
          "CRL of agency " + agency.code() + " expired on " + nextUpdate.toInstant()
              + "; the agency must publish a new one");
    }
    return current;
  }

  /**
   * The CRL in use (re-read if the file changed), verified against the CA key, whether or not it
   * is past its next update; empty while the file cannot be read or does not verify.
   */
  public Optional<X509CRL> crlInUse() {
    try {
      return Optional.of(currentCrl());
    } catch (IOException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * A number that changes each time the CRL in use changes (the file is checked, and re-read if
   * it changed on disk), or -1 while there is no usable CRL. Lets callers cache answers of
   * {@link AgencyTrust} for as long as the revocation state stays the same.
   */
  long crlRevision() {
    try {
      currentCrl();
      return crlLoads.get();
    } catch (IOException | GeneralSecurityException e) {
      return -1;
    }
  }

  private X509CRL currentCrl() throws IOException, GeneralSecurityException {
    FileTime modified = Files.getLastModifiedTime(crlFile);
    LoadedCrl loaded = crl;
    if (loaded != null && loaded.modified().equals(modified)) {
      return loaded.crl();
    }
    X509CRL fresh;
    try (InputStream in = Files.newInputStream(crlFile)) {
      fresh = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    }
    if (!fresh.getIssuerX500Principal().equals(caCertificate.getSubjectX500Principal())) {
      throw new CRLException("CRL " + crlFile + " was not issued by the agency CA");
    }
    fresh.verify(caCertificate.getPublicKey());
    crl = new LoadedCrl(fresh, modified);
    crlLoads.incrementAndGet();
    return fresh;
  }
}
