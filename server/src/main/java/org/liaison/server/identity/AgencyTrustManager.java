package org.liaison.server.identity;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides during the TLS handshake whether a client certificate is accepted, by asking {@link
 * AgencyTrust}. A refused certificate fails the handshake; the reason travels in the exception to
 * the handshake handler, which logs one line per refused connection.
 *
 * <p>The server never uses this to trust servers: the server-side methods refuse everything.
 */
public final class AgencyTrustManager extends X509ExtendedTrustManager {
  private final AgencyTrust trust;

  public AgencyTrustManager(AgencyTrust trust) {
    this.trust = trust;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    trust.identify(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    trust.identify(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    trust.identify(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager only authenticates clients");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("this trust manager only authenticates clients");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("this trust manager only authenticates clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.caCertificates();
  }
}
