package org.liaison.it;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.liaison.client.ClientProfile;
import org.liaison.client.ClientTls;

/**
 * Presents the profile's certificate whatever CAs the server asks for. A well-behaved TLS client
 * offers no certificate when none matches the server's accepted issuers; an attacker would offer
 * it anyway, so the server must refuse it on its own merits.
 */
final class StubbornKeyManager extends X509ExtendedKeyManager {
  private final X509ExtendedKeyManager delegate;
  private final String alias;

  private StubbornKeyManager(X509ExtendedKeyManager delegate, String alias) {
    this.delegate = delegate;
    this.alias = alias;
  }

  static SSLContext context(ClientProfile profile) throws Exception {
    KeyManagerFactory keys = ClientTls.keyManagers(profile.identity(), profile.password());
    X509ExtendedKeyManager delegate = null;
    for (KeyManager km : keys.getKeyManagers()) {
      if (km instanceof X509ExtendedKeyManager x509) {
        delegate = x509;
      }
    }
    String alias = delegate.getClientAliases("EC", null)[0];
    TrustManagerFactory trust = ClientTls.trustManagers(profile.serverCa());
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(new KeyManager[] {new StubbornKeyManager(delegate, alias)},
        trust.getTrustManagers(), null);
    return context;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return alias;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return alias;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return new String[] {alias};
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String name) {
    return delegate.getCertificateChain(name);
  }

  @Override
  public PrivateKey getPrivateKey(String name) {
    return delegate.getPrivateKey(name);
  }
}
