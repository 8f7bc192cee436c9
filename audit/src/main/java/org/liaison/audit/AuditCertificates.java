package org.liaison.audit;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that an audit certificate (the key that signs checkpoints) was issued by the operator CA
 * the verifier trusts: PKIX path validation to that CA as the only anchor, at a given time,
 * without revocation checking (the operator CA publishes no CRL for its own certificates), and
 * that the certificate is an end-entity certificate allowed to sign.
 */
public final class AuditCertificates {

  private AuditCertificates() {}

  /** Why an audit certificate is not accepted. */
  public static final class UntrustedAuditCertificateException extends Exception {
    private static final long serialVersionUID = 1L;

    UntrustedAuditCertificateException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Validates {@code chain} (the audit certificate first, then any intermediates; a copy of the
   * anchor at the end is ignored) against {@code operatorCas} at {@code at}.
   *
   * @return the audit certificate
   * @throws UntrustedAuditCertificateException naming what is wrong
   */
  public static X509Certificate requireTrusted(List<X509Certificate> chain,
      Collection<X509Certificate> operatorCas, Instant at) throws UntrustedAuditCertificateException {
    if (chain.isEmpty()) {
      throw new UntrustedAuditCertificateException("no audit certificate was given", null);
    }
    if (operatorCas.isEmpty()) {
      throw new UntrustedAuditCertificateException("no operator CA to check the audit certificate against",
          null);
    }
    X509Certificate audit = chain.get(0);
    String subject = audit.getSubjectX500Principal().getName();
    if (audit.getBasicConstraints() >= 0) {
      throw new UntrustedAuditCertificateException(subject + " is a CA certificate, not an audit key", null);
    }
    boolean[] usage = audit.getKeyUsage();
    if (usage != null && !usage[0]) {
      throw new UntrustedAuditCertificateException(
          subject + " may not sign (key usage lacks digitalSignature)", null);
    }
    Set<TrustAnchor> anchors = new HashSet<>();
    for (X509Certificate ca : operatorCas) {
      anchors.add(new TrustAnchor(ca, null));
    }
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate certificate : chain) {
      if (!operatorCas.contains(certificate)) {
        path.add(certificate);
      }
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
      return audit;
    } catch (CertPathValidatorException e) {
      throw new UntrustedAuditCertificateException("the audit certificate " + subject
          + " does not chain to the trusted operator CA: " + e.getMessage(), e);
    } catch (InvalidAlgorithmParameterException e) {
      throw new UntrustedAuditCertificateException("cannot check the audit certificate: "
          + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new UntrustedAuditCertificateException("the audit certificate chain cannot be read: "
          + e.getMessage(), e);
    }
  }
}
