package org.liaison.server.identity;

import java.security.cert.CertificateException;

/** A client certificate that the trust configuration does not accept; the message says why. */
public final class CertificateRefusedException extends CertificateException {
  private static final long serialVersionUID = 1L;

  public CertificateRefusedException(String reason) {
    super(reason);
  }

  public CertificateRefusedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
