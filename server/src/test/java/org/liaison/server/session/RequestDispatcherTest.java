package org.liaison.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.SendMessage;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.identity.Role;

/** Refusals of requests reach the peer through the one error mapper, details included. */
class RequestDispatcherTest {
  private static final DeviceRef DESK =
      DeviceRef.newBuilder().setOfficerId("ma-dgsn.karim.benali").setDeviceId("desk").build();

  @Test
  void membershipChangedRefusalIsAnsweredWithExpectedRecipientsAndIndex() {
    RequestHandler refusing = (connection, frame) -> CompletableFuture.failedFuture(
        LiaisonException.membershipChanged("changed", List.of(DESK), 4));
    EmbeddedChannel channel = new EmbeddedChannel(
        new RequestDispatcher(Map.of(BodyCase.SEND_MESSAGE, refusing)));
    channel.attr(ConnectionAttributes.CONNECTION).set(new ClientConnection(channel, session()));

    channel.writeInbound(ClientFrame.newBuilder().setRequestId(17)
        .setSendMessage(SendMessage.getDefaultInstance()).build());

    ServerFrame answer = channel.readOutbound();
    assertThat(answer.getRequestId()).isEqualTo(17);
    assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(answer.getError().getExpectedRecipientsList()).containsExactly(DESK);
    assertThat(answer.getError().getMembershipIndex()).isEqualTo(4);
    assertThat(answer.getError().getFatal()).isFalse();
    assertThat(channel.finish()).isFalse();
  }

  private static Session session() {
    CertificateAuthority ca = CertificateAuthority.create(
        AgencySpec.of("fr-pn", "FR", "Police nationale"), Clock.systemUTC(), Duration.ofDays(1));
    Officer officer = new Officer(new OfficerId("fr-pn.anne.martin"), "fr-pn", "FR",
        Set.of(Role.OFFICER));
    return new Session("c1", officer, ca.certificate(), "laptop", Instant.now());
  }
}
