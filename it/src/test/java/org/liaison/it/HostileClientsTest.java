package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ClientTls;
import org.liaison.client.LiaisonClient;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.SendMessage;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.transport.HandshakeLimiter;

/**
 * Hostile clients against the real server (the slow reader is {@link SlowReaderTest}, the request
 * flood {@link LimitsTest}): connections that never start their TLS handshake are timed out and
 * bounded per host; a huge recipient list and deeply nested input are refused by limits with a
 * typed error. A bystander is served throughout.
 */
class HostileClientsTest {
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension(limits -> limits
      .withHandshakeTimeout(HANDSHAKE_TIMEOUT));

  private static LiaisonClient bystander;

  @BeforeAll
  static void connectBystander() throws Exception {
    bystander = server.connect("es-cnp.javier.ruiz");
  }

  @AfterEach
  void othersKeepBeingServed() throws Exception {
    assertThat(bystander.ping().get(10, TimeUnit.SECONDS).getServerTimeMs()).isPositive();
  }

  private static Socket silent() throws IOException {
    Socket socket = new Socket(LiaisonServerExtension.HOST, server.port());
    socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.multipliedBy(5).toMillis());
    return socket;
  }

  /** Reads until the server closes the socket, or the socket's read timeout passes. */
  private static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() == -1) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void connectionsThatNeverStartTheirHandshakeAreClosedAfterTheTimeout() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        sockets.add(silent());
      }
      for (Socket socket : sockets) {
        assertThat(closedByServer(socket)).isTrue();
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void connectionsOverThePerHostHandshakeBoundAreClosedAtOnce() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < HandshakeLimiter.PER_HOST; i++) {
        sockets.add(silent());
      }
      Socket over = silent();
      sockets.add(over);
      // The bound, not the handshake timeout, closed it (the server says so).
      server.logs().awaitLine("closing a connection from 127.0.0.1",
          HandshakeLimiter.PER_HOST + " handshakes pending from it");
      assertThat(closedByServer(over)).isTrue();
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    // The places are freed as the sockets close: a real client gets in.
    org.awaitility.Awaitility.await("a real client connecting again").atMost(LiaisonCli.WAIT)
        .ignoreExceptions().until(() -> server.connect("fr-pn.hugo.lefevre").ping()
            .get(10, TimeUnit.SECONDS).getServerTimeMs() > 0);
  }

  private RawTlsConnection greeted() throws Exception {
    RawTlsConnection raw = new RawTlsConnection(
        ClientTls.jdkContext(server.profile("fr-pn.hugo.lefevre")), LiaisonServerExtension.HOST,
        server.port());
    raw.hello(1);
    assertThat(raw.read().orElseThrow().hasWelcome()).isTrue();
    return raw;
  }

  @Test
  void aHugeRecipientListIsRefusedWithATypedError() throws Exception {
    Envelope.Builder envelope = Envelope.newBuilder()
        .setHeader(EnvelopeHeader.newBuilder().setMessageId("huge-list")
            .setChannelId("c-aaaaaaaaaaaa").setSender("fr-pn.hugo.lefevre")
            .setSenderDevice("raw-test").setContentType("text/plain")
            .setMarkings(Markings.DEFAULT))
        .setBody(ByteString.copyFrom(new byte[16])).setNonce(ByteString.copyFrom(new byte[12]))
        .setSignature(ByteString.copyFrom(new byte[64]))
        .setBodyDigest(ByteString.copyFrom(new byte[32]));
    for (int i = 0; i < 1001; i++) {
      envelope.addWraps(KeyWrap.newBuilder().setOfficerId("fr-pn.hugo.lefevre")
          .setDeviceId("d" + i).setEnc(ByteString.copyFrom(new byte[32]))
          .setWrappedKey(ByteString.copyFrom(new byte[48])));
    }
    try (RawTlsConnection raw = greeted()) {
      raw.write(ClientFrame.newBuilder().setRequestId(2)
          .setSendMessage(SendMessage.newBuilder().setEnvelope(envelope)).build());

      ServerFrame answer = raw.read().orElseThrow();
      assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(answer.getError().getMessage()).contains("1-1000");
      assertThat(answer.getError().getFatal()).isFalse();
    }
  }

  @Test
  void deeplyNestedInputIsAMalformedFrame() throws Exception {
    // 10,000 nested groups of an unknown field: beyond the protobuf parser's recursion limit.
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(body);
    coded.writeUInt64(1, 2);
    for (int i = 0; i < 10_000; i++) {
      coded.writeTag(999, com.google.protobuf.WireFormat.WIRETYPE_START_GROUP);
    }
    for (int i = 0; i < 10_000; i++) {
      coded.writeTag(999, com.google.protobuf.WireFormat.WIRETYPE_END_GROUP);
    }
    coded.flush();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    CodedOutputStream prefixed = CodedOutputStream.newInstance(frame);
    prefixed.writeUInt32NoTag(body.size());
    prefixed.flush();
    frame.write(body.toByteArray());
    try (RawTlsConnection raw = greeted()) {
      raw.writeRaw(frame.toByteArray());

      ServerFrame answer = raw.read().orElseThrow();
      assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.MALFORMED_FRAME);
      assertThat(answer.getError().getFatal()).isTrue();
      assertThat(raw.closedByServer()).isTrue();
    }
  }
}
