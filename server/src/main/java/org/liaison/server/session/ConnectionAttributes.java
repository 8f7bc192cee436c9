package org.liaison.server.session;

import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;
import org.liaison.server.identity.Officer;

/** What the server knows about a connection, attached to its Netty channel. */
public final class ConnectionAttributes {
  /** The officer named by the verified client certificate; set when the TLS handshake succeeds. */
  public static final AttributeKey<Officer> OFFICER = AttributeKey.valueOf("liaison.officer");

  /** The verified client certificate the officer was derived from. */
  public static final AttributeKey<X509Certificate> CERTIFICATE =
      AttributeKey.valueOf("liaison.certificate");

  /** The greeted connection, set once Hello has been answered with Welcome. */
  public static final AttributeKey<ClientConnection> CONNECTION =
      AttributeKey.valueOf("liaison.connection");

  private ConnectionAttributes() {}
}
