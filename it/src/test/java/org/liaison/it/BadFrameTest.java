package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ClientTls;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ServerFrame;

/**
 * Bad input after a successful handshake gets a typed error, then the connection is closed; every
 * other connection goes on.
 */
class BadFrameTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static LiaisonClient bystander;

  @BeforeAll
  static void connectBystander() throws Exception {
    bystander = server.connect("es-cnp.javier.ruiz");
  }

  @AfterEach
  void othersKeepBeingServed() throws Exception {
    assertThat(bystander.ping().get(10, TimeUnit.SECONDS).getServerTimeMs()).isPositive();
  }

  private RawTlsConnection raw() throws Exception {
    return new RawTlsConnection(ClientTls.jdkContext(server.profile("fr-pn.hugo.lefevre")),
        LiaisonServerExtension.HOST, server.port());
  }

  private static void assertFatalError(RawTlsConnection raw, ErrorCode code, long requestId)
      throws Exception {
    ServerFrame frame = raw.read().orElseThrow();
    assertThat(frame.getError().getCode()).isEqualTo(code);
    assertThat(frame.getError().getFatal()).isTrue();
    assertThat(frame.getRequestId()).isEqualTo(requestId);
    assertThat(raw.closedByServer()).isTrue();
  }

  @Test
  void oversizedFrameIsRefusedFromItsLengthPrefix() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.hello(1);
      assertThat(raw.read().orElseThrow().hasWelcome()).isTrue();
      ByteArrayOutputStream prefix = new ByteArrayOutputStream();
      CodedOutputStream coded = CodedOutputStream.newInstance(prefix);
      coded.writeUInt32NoTag((1 << 20) + 1);
      coded.flush();
      raw.writeRaw(prefix.toByteArray());
      assertFatalError(raw, ErrorCode.FRAME_TOO_LARGE, 0);
    }
    server.logs().awaitLine("FRAME_TOO_LARGE");
  }

  @Test
  void garbageBytesAreAMalformedFrame() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.hello(1);
      assertThat(raw.read().orElseThrow().hasWelcome()).isTrue();
      // A frame of 12 bytes whose content is an over-long varint: not a ClientFrame.
      byte[] garbage = {12, 8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
      raw.writeRaw(garbage);
      assertFatalError(raw, ErrorCode.MALFORMED_FRAME, 0);
    }
  }

  @Test
  void frameBeforeHelloIsRefused() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.write(ClientFrame.newBuilder().setRequestId(7).setPing(Ping.newBuilder().setNonce(1))
          .build());
      assertFatalError(raw, ErrorCode.HELLO_REQUIRED, 7);
    }
  }

  @Test
  void unknownRequestIsRefused() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.hello(1);
      assertThat(raw.read().orElseThrow().hasWelcome()).isTrue();
      // Field 99 is no member of the body oneof in this protocol version.
      ClientFrame fromTheFuture = ClientFrame.newBuilder().setRequestId(8)
          .setUnknownFields(UnknownFieldSet.newBuilder()
              .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
              .build())
          .build();
      raw.write(fromTheFuture);
      assertFatalError(raw, ErrorCode.UNKNOWN_REQUEST, 8);
    }
  }

  @Test
  void secondHelloIsRefusedButTheConnectionGoesOn() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.hello(1);
      assertThat(raw.read().orElseThrow().hasWelcome()).isTrue();
      raw.hello(2);
      ServerFrame refusal = raw.read().orElseThrow();
      assertThat(refusal.getError().getCode()).isEqualTo(ErrorCode.ALREADY_GREETED);
      assertThat(refusal.getError().getFatal()).isFalse();
      raw.write(ClientFrame.newBuilder().setRequestId(3).setPing(Ping.newBuilder().setNonce(42))
          .build());
      ServerFrame pong = raw.read().orElseThrow();
      assertThat(pong.getRequestId()).isEqualTo(3);
      assertThat(pong.getPong().getNonce()).isEqualTo(42);
    }
  }

  @Test
  void helloWithAnInvalidDeviceIdIsRefused() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.write(ClientFrame.newBuilder().setRequestId(1)
          .setHello(org.liaison.proto.v1.Hello.newBuilder()
              .setProtocolVersion(org.liaison.proto.v1.ProtocolVersion.PROTOCOL_VERSION_1)
              .setDeviceId("../../etc/passwd"))
          .build());
      assertFatalError(raw, ErrorCode.INVALID_ARGUMENT, 1);
    }
  }

  @Test
  void helloWithAnUnknownProtocolVersionIsRefused() throws Exception {
    try (RawTlsConnection raw = raw()) {
      raw.write(ClientFrame.newBuilder().setRequestId(1)
          .setHello(org.liaison.proto.v1.Hello.newBuilder().setProtocolVersionValue(99)
              .setDeviceId("laptop"))
          .build());
      assertFatalError(raw, ErrorCode.UNSUPPORTED_PROTOCOL_VERSION, 1);
    }
  }
}
