package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.liaison.client.ClientProfile;
import org.liaison.client.ClientTls;
import org.liaison.client.ConnectionFailedException;
import org.liaison.client.LiaisonClient;
import org.liaison.it.TestPki.Refused;

/** Every certificate the trust rules refuse is refused at the TLS layer, logged with its reason. */
class TlsRefusalTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static LiaisonClient bystander;

  @BeforeAll
  static void connectBystander() throws Exception {
    bystander = server.connect("ma-dgsn.karim.benali");
  }

  @AfterEach
  void othersKeepBeingServed() throws Exception {
    assertThat(bystander.ping().get(10, TimeUnit.SECONDS).getServerTimeMs()).isPositive();
    server.connect("es-cnp.lucia.garcia").close();
  }

  @ParameterizedTest
  @EnumSource(Refused.class)
  void refusedCertificateNeverGetsASession(Refused kind) {
    ClientProfile profile = server.profileAt(server.pki().refusedProfile(kind));
    assertThatThrownBy(() -> LiaisonClient.connect(profile).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ConnectionFailedException.class);
    String expected = switch (kind) {
      // A well-behaved client offers no certificate the server's CA list does not name.
      case FOREIGN_CA -> "no client certificate";
      case EXPIRED -> "expired on";
      case NOT_YET_VALID -> "is not valid before";
      case REVOKED -> "is revoked by agency fr-pn";
      case CLAIMS_OTHER_AGENCY -> "claims agency O=ma-dgsn";
      case CLAIMS_OTHER_NATION -> "claims nation C=MA";
      case CLAIMS_OTHER_PREFIX -> "officer id CN=ma-dgsn.faux.prefixe is not of the form fr-pn.";
    };
    server.logs().awaitLine("refused TLS connection from", expected);
  }

  @Test
  void foreignCertificatePresentedAnywayIsRefused() throws Exception {
    ClientProfile profile = server.profileAt(server.pki().refusedProfile(Refused.FOREIGN_CA));
    assertThatThrownBy(() -> {
      try (RawTlsConnection raw = new RawTlsConnection(StubbornKeyManager.context(profile),
          LiaisonServerExtension.HOST, server.port())) {
        raw.hello(1);
        raw.read();
      }
    }).isInstanceOf(IOException.class);
    server.logs().awaitLine("refused TLS connection from",
        "issuer is not a trusted agency CA: CN=Rogue agency CA");
  }

  @Test
  void clientWithoutCertificateIsRefused() throws Exception {
    ClientProfile profile = server.profile("fr-pn.hugo.lefevre");
    TrustManagerFactory trust = ClientTls.trustManagers(profile.serverCa());
    SSLContext noIdentity = SSLContext.getInstance("TLSv1.3");
    noIdentity.init(null, trust.getTrustManagers(), null);
    assertThatThrownBy(() -> {
      try (RawTlsConnection raw =
          new RawTlsConnection(noIdentity, LiaisonServerExtension.HOST, server.port())) {
        raw.hello(1);
        raw.read();
      }
    }).isInstanceOf(IOException.class);
    server.logs().awaitLine("refused TLS connection from", "no client certificate");
  }

  @Test
  void tls12ClientIsRefused() throws Exception {
    ClientProfile profile = server.profile("fr-pn.hugo.lefevre");
    SSLContext context = ClientTls.jdkContext(profile);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(LiaisonServerExtension.HOST, server.port())) {
      socket.setSoTimeout(20_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
    }
    server.logs().awaitLine("refused TLS connection from", "protocol");
  }

  @Test
  void plainTcpIsRefused() throws Exception {
    try (Socket socket = new Socket(LiaisonServerExtension.HOST, server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write("HELLO liaison, plain text here\r\n\r\n".getBytes(
          java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      assertThat(socket.getInputStream().readAllBytes()).isEmpty();
    }
    server.logs().awaitLine("refused TLS connection from", "not a TLS connection");
  }
}
