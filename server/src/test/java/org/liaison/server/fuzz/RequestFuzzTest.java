package org.liaison.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ClientFrame.BodyCase;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.server.testing.NettyLeakGuard;

/**
 * Arbitrary requests from an authenticated session, to every request handler of the server on a
 * real database: each answer is the answer its request calls for or a typed refusal (never {@code
 * INTERNAL}, never a failure the pipeline did not expect); only requests the protocol declares
 * fatal close the connection; afterwards the server still answers a Ping, and the message it
 * stored before is still there, unchanged. Netty must report no leak.
 *
 * <p>An input is read as the wire carries frames: varint-length-delimited {@code ClientFrame}s
 * (the framing itself is {@link FrameDecoderFuzzTest}'s); bytes that do not parse end it.
 */
class RequestFuzzTest {
  private static final int MAX_FRAMES_PER_INPUT = 8;

  /** The answer each request calls for, as the handlers register them. */
  static final Map<BodyCase, ServerFrame.BodyCase> ANSWERS = Map.ofEntries(
      Map.entry(BodyCase.PING, ServerFrame.BodyCase.PONG),
      Map.entry(BodyCase.CREATE_CHANNEL, ServerFrame.BodyCase.CHANNEL),
      Map.entry(BodyCase.OPEN_DIRECT, ServerFrame.BodyCase.CHANNEL),
      Map.entry(BodyCase.LIST_CHANNELS, ServerFrame.BodyCase.CHANNELS),
      Map.entry(BodyCase.LIST_MEMBERS, ServerFrame.BodyCase.MEMBERS),
      Map.entry(BodyCase.CHANGE_MEMBERSHIP, ServerFrame.BodyCase.EVENT_ACCEPTED),
      Map.entry(BodyCase.ARCHIVE_CHANNEL, ServerFrame.BodyCase.EVENT_ACCEPTED),
      Map.entry(BodyCase.SEND_MESSAGE, ServerFrame.BodyCase.MESSAGE_ACCEPTED),
      Map.entry(BodyCase.SYNC, ServerFrame.BodyCase.SYNC_COMPLETE),
      Map.entry(BodyCase.ACK, ServerFrame.BodyCase.ACKED),
      Map.entry(BodyCase.HISTORY, ServerFrame.BodyCase.HISTORY_PAGE),
      Map.entry(BodyCase.MESSAGE_STATUS, ServerFrame.BodyCase.MESSAGE_STATUS),
      Map.entry(BodyCase.ACKNOWLEDGE_FLASH, ServerFrame.BodyCase.FLASH_ACKNOWLEDGEMENT),
      Map.entry(BodyCase.PENDING_FLASH, ServerFrame.BodyCase.PENDING_FLASH_LIST),
      Map.entry(BodyCase.PUBLISH_KEYS, ServerFrame.BodyCase.KEYS_PUBLISHED),
      Map.entry(BodyCase.GET_KEYS, ServerFrame.BodyCase.KEY_DIRECTORY),
      Map.entry(BodyCase.TASK_CHANGE, ServerFrame.BodyCase.TASK_ACCEPTED),
      Map.entry(BodyCase.LIST_TASKS, ServerFrame.BodyCase.TASK_LIST),
      Map.entry(BodyCase.GET_TASK, ServerFrame.BodyCase.TASK_DETAIL),
      Map.entry(BodyCase.AUDIT_QUERY, ServerFrame.BodyCase.AUDIT_PAGE),
      Map.entry(BodyCase.GET_CHECKPOINTS, ServerFrame.BodyCase.CHECKPOINTS),
      Map.entry(BodyCase.AUDIT_READ, ServerFrame.BodyCase.AUDIT_READ_PAGE));

  /** Refusals that are not typed answers to a request: the server failed or said nothing. */
  private static final Set<ErrorCode> NEVER = EnumSet.of(ErrorCode.INTERNAL,
      ErrorCode.ERROR_CODE_UNSPECIFIED, ErrorCode.UNRECOGNIZED);

  private static FuzzServer server;
  private static FuzzSigner signer;
  private static FuzzClient client;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FuzzServer();
    signer = server.signer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void everyRequestOfTheProtocolIsFuzzed() {
    Set<BodyCase> requests = EnumSet.allOf(BodyCase.class);
    requests.removeAll(Set.of(BodyCase.HELLO, BodyCase.BODY_NOT_SET));
    assertThat(ANSWERS.keySet()).containsExactlyInAnyOrderElementsOf(requests);
  }

  @FuzzTest(maxDuration = "2m")
  @DictionaryEntries({FuzzServer.CHANNEL_ID, FuzzServer.SUPERVISOR, FuzzServer.MEMBER, "desk",
      "phone", "c-", "t-", "m-", "message.", "channel."})
  void everyRequestIsAnsweredOrRefusedWithATypedError(byte[] input) throws Exception {
    for (ClientFrame frame : frames(input)) {
      frame = signer.sign(frame);
      if (client == null || !client.isOpen()) {
        client = server.connect();
      }
      Optional<ServerFrame> answer = client.request(frame);
      assertThat(answer).as("answer to %s", frame.getBodyCase()).isPresent();
      checkAnswer(frame, client.lastRequestId(), answer.get());
      if (answer.get().getError().getFatal()) {
        assertThat(client.awaitClosed()).as("closed after a fatal error").isTrue();
      }
    }
    if (client == null || !client.isOpen()) {
      client = server.connect();
    }
    ServerFrame pong = client.request(ClientFrame.newBuilder().setRequestId(1)
        .setPing(Ping.newBuilder().setNonce(7)).build()).orElseThrow();
    assertThat(pong.getPong().getNonce()).as("the server still answers a Ping").isEqualTo(7);
    assertThat(server.storedEvent()).as("the message stored before")
        .isEqualTo(server.originalEvent());
    assertThat(server.unexpectedFailures()).as("unexpected failures").isZero();
    assertThat(NettyLeakGuard.reports()).as("Netty leak reports").isEmpty();
  }

  private static void checkAnswer(ClientFrame frame, long lastId, ServerFrame answer) {
    long requestId = frame.getRequestId() == 0 ? 0 : lastId;
    assertThat(answer.getRequestId()).as("request id of the answer to %s", frame.getBodyCase())
        .isEqualTo(requestId);
    if (!answer.hasError()) {
      assertThat(answer.getBodyCase()).as("answer to %s", frame.getBodyCase())
          .isEqualTo(ANSWERS.get(frame.getBodyCase()));
      return;
    }
    ErrorCode code = answer.getError().getCode();
    assertThat(code).as("refusal of %s: %s", frame.getBodyCase(), answer.getError().getMessage())
        .isNotIn(NEVER);
    boolean fatal = frame.getBodyCase() == BodyCase.BODY_NOT_SET;
    assertThat(answer.getError().getFatal()).as("fatal refusal of %s (%s)",
        frame.getBodyCase(), code).isEqualTo(fatal);
    if (fatal) {
      assertThat(code).isEqualTo(ErrorCode.UNKNOWN_REQUEST);
    }
  }

  /** The delimited frames at the start of the input; what does not parse ends it. */
  static List<ClientFrame> frames(byte[] input) {
    List<ClientFrame> frames = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(input);
    try {
      while (frames.size() < MAX_FRAMES_PER_INPUT && !in.isAtEnd()) {
        int length = in.readRawVarint32();
        if (length < 0 || length > FuzzServer.MAX_FRAME_BYTES - 16) {
          break;
        }
        int limit = in.pushLimit(length);
        ClientFrame frame = ClientFrame.parseFrom(in);
        in.popLimit(limit);
        frames.add(frame);
      }
    } catch (IOException e) {
      // The rest is not a frame: fuzz what came before it.
    }
    return frames;
  }
}
