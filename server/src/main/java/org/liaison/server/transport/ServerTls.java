package org.liaison.server.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the server's TLS context: TLS 1.3 only, client certificate required. */
public final class ServerTls {
  public static final String TLS_1_3 = "TLSv1.3";

  private ServerTls() {}

  /**
   * @param certChain PEM, the server certificate first
   * @param key PEM, PKCS#8
   * @param clientTrust decides which client certificates are accepted
   */
  public static SslContext context(Path certChain, Path key, X509ExtendedTrustManager clientTrust)
      throws SSLException {
    File chainFile = certChain.toFile();
    File keyFile = key.toFile();
    return SslContextBuilder.forServer(chainFile, keyFile)
        .sslProvider(SslProvider.JDK)
        .protocols(TLS_1_3)
        .clientAuth(ClientAuth.REQUIRE)
        .trustManager(clientTrust)
        .build();
  }
}
