package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ClientTls;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ServerFrame;

/** Idle timeout with heartbeats, and the per-connection rate limit, on a server with low limits. */
class LimitsTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension(
      limits -> limits.withHeartbeatInterval(Duration.ofSeconds(1)).withRate(20, 10));

  private RawTlsConnection greetedRaw() throws Exception {
    RawTlsConnection raw = new RawTlsConnection(
        ClientTls.jdkContext(server.profile("ma-dgsn.karim.benali")),
        LiaisonServerExtension.HOST, server.port());
    raw.hello(1);
    assertThat(raw.read().orElseThrow().hasWelcome()).isTrue();
    return raw;
  }

  @Test
  void silentConnectionIsClosedWithIdleTimeout() throws Exception {
    try (RawTlsConnection raw = greetedRaw()) {
      // Nothing sent: after 3 heartbeat intervals the server gives up on us.
      ServerFrame frame = raw.read().orElseThrow();
      assertThat(frame.getError().getCode()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void clientLibraryHeartbeatKeepsAnIdleConnectionOpen() throws Exception {
    LiaisonClient client = server.connect("fr-pn.claire.martin");
    assertThat(client.welcome().getHeartbeatIntervalSeconds()).isEqualTo(1);
    await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(client::isOpen);
    assertThat(client.ping().get().getServerTimeMs()).isPositive();
  }

  @Test
  void floodBeyondTheRateLimitGetsRateLimitedThenDisconnected() throws Exception {
    try (RawTlsConnection raw = greetedRaw()) {
      for (int i = 2; i < 200; i++) {
        raw.write(ClientFrame.newBuilder().setRequestId(i).setPing(Ping.newBuilder().setNonce(i))
            .build());
      }
      List<ServerFrame> received = new ArrayList<>();
      for (Optional<ServerFrame> f = raw.read(); f.isPresent(); f = raw.read()) {
        received.add(f.get());
      }
      assertThat(received).anySatisfy(f -> {
        assertThat(f.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(f.getError().getFatal()).isFalse();
      });
      assertThat(received.get(received.size() - 1).getError().getFatal()).isTrue();
      assertThat(received.stream().filter(ServerFrame::hasPong).count()).isLessThan(100);
    }
  }
}
