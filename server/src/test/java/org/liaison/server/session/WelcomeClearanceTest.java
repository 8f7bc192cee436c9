package org.liaison.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.storage.StorageExecutor;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * {@code Welcome} tells the client the clearance the server read from its certificate, and the
 * login records it, on the session handler with a real H2 file.
 */
class WelcomeClearanceTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  @Test
  void welcomeCarriesTheClearanceOfTheCertificate() throws Exception {
    TestDevice karim = world.device("ma-dgsn.karim.benali", "desk",
        Classification.CLASSIFICATION_CONFIDENTIAL);
    TestDevice sofia = world.device("es-pn.sofia.garcia", "phone");

    assertThat(welcome(karim).getClearance())
        .isEqualTo(Classification.CLASSIFICATION_CONFIDENTIAL);
    assertThat(welcome(sofia).getClearance())
        .isEqualTo(Classification.CLASSIFICATION_UNCLASSIFIED);
    assertThat(world.officers().find(karim.officer().id()).orElseThrow().clearance())
        .isEqualTo(Classification.CLASSIFICATION_CONFIDENTIAL);
  }

  private org.liaison.proto.v1.Welcome welcome(TestDevice device) throws Exception {
    try (StorageExecutor storage = new StorageExecutor(1)) {
      SessionHandler handler = new SessionHandler(
          new SessionSettings(Duration.ofSeconds(30), 1 << 20, "test"), world.officers(),
          storage, world.audit(), world.clock, "c1");
      EmbeddedChannel channel = new EmbeddedChannel(handler);
      channel.attr(ConnectionAttributes.OFFICER).set(device.officer());
      channel.attr(ConnectionAttributes.CERTIFICATE).set(device.identity().certificate());
      channel.writeInbound(ClientFrame.newBuilder().setRequestId(1).setHello(Hello.newBuilder()
          .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1)
          .setDeviceId(device.deviceId()).setClientName("test")).build());
      // The officers table is written on the storage thread; the answer then comes back through
      // the channel's own executor, which an EmbeddedChannel runs only when asked.
      ServerFrame answer = Awaitility.await("an answer to Hello").atMost(Duration.ofSeconds(10))
          .until(() -> {
            channel.runPendingTasks();
            return channel.<ServerFrame>readOutbound();
          }, java.util.Objects::nonNull);
      assertThat(answer.hasWelcome()).as(answer.toString()).isTrue();
      channel.finishAndReleaseAll();
      return answer.getWelcome();
    }
  }
}
