package org.liaison.server.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's TLS context: TLS 1.3 only, client certificate required, checked by the
 * agency trust manager. The TLS engine is BoringSSL (netty-tcnative) when its native library
 * loads on this machine, which makes handshakes several times cheaper than the JDK's provider
 * (docs/performance.md), else the JDK's; {@code -Dliaison.tls.provider=jdk} (or {@code openssl})
 * forces one.
 */
public final class ServerTls {
  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
  public static final String TLS_1_3 = "TLSv1.3";
  /** System property choosing the TLS engine: {@code auto} (default), {@code openssl}, {@code jdk}. */
  public static final String PROVIDER_PROPERTY = "liaison.tls.provider";

  private ServerTls() {}

  /**
   * @param certChain PEM, the server certificate first
   * @param key PEM, PKCS#8
   * @param clientTrust decides which client certificates are accepted
   */
  public static SslContext context(Path certChain, Path key, X509ExtendedTrustManager clientTrust)
      throws SSLException {
    SslProvider provider = provider(System.getProperty(PROVIDER_PROPERTY, "auto"));
    log.info("TLS engine: {}", provider == SslProvider.OPENSSL
        ? "BoringSSL (" + OpenSsl.versionString() + ")" : "JDK");
    return SslContextBuilder.forServer(certChain.toFile(), key.toFile())
        .sslProvider(provider)
        .protocols(TLS_1_3)
        .clientAuth(ClientAuth.REQUIRE)
        .trustManager(clientTrust)
        .build();
  }

  static SslProvider provider(String choice) throws SSLException {
    switch (choice.toLowerCase(Locale.ROOT)) {
      case "jdk":
        return SslProvider.JDK;
      case "openssl":
        if (!OpenSsl.isAvailable()) {
          throw new SSLException(PROVIDER_PROPERTY + "=openssl, but BoringSSL cannot be loaded "
              + "here", OpenSsl.unavailabilityCause());
        }
        return SslProvider.OPENSSL;
      case "auto":
        if (OpenSsl.isAvailable()) {
          return SslProvider.OPENSSL;
        }
        log.info("BoringSSL not available ({}); using the JDK's TLS",
            String.valueOf(OpenSsl.unavailabilityCause()));
        return SslProvider.JDK;
      default:
        throw new SSLException(PROVIDER_PROPERTY + " must be auto, openssl or jdk, not '"
            + choice + "'");
    }
  }
}
