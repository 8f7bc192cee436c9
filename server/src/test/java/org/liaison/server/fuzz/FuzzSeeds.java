package org.liaison.server.fuzz;

import static org.liaison.server.fuzz.FuzzServer.CHANNEL_ID;
import static org.liaison.server.fuzz.FuzzServer.MEMBER;
import static org.liaison.server.fuzz.FuzzServer.SUPERVISOR;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.liaison.proto.v1.Ack;
import org.liaison.proto.v1.AcknowledgeFlash;
import org.liaison.proto.v1.ArchiveChannel;
import org.liaison.proto.v1.AuditQuery;
import org.liaison.proto.v1.AuditRead;
import org.liaison.proto.v1.ChangeMembership;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.CreateChannel;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.GetCheckpoints;
import org.liaison.proto.v1.GetKeys;
import org.liaison.proto.v1.GetTask;
import org.liaison.proto.v1.Hello;
import org.liaison.proto.v1.History;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.ListChannels;
import org.liaison.proto.v1.ListMembers;
import org.liaison.proto.v1.ListTasks;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.MessageStatusRequest;
import org.liaison.proto.v1.OpenDirect;
import org.liaison.proto.v1.PendingFlash;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.PublishKeys;
import org.liaison.proto.v1.SendMessage;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.StatementArchive;
import org.liaison.proto.v1.StatementCreate;
import org.liaison.proto.v1.Sync;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskChange;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;

/**
 * Writes the regression inputs of the fuzz tests: one short, well-formed input per request of the
 * protocol (naming the fuzz world's channel and officers, unsigned: {@link FuzzSigner} signs), and
 * a few framings. Run from {@code server/} after changing the protocol:
 * {@code java -cp <test classpath> org.liaison.server.fuzz.FuzzSeeds src/test/resources}.
 */
final class FuzzSeeds {
  private static final String DESK = "desk";
  private static final long NOW = Instant.parse("2031-03-01T09:00:00Z").toEpochMilli();
  private static final String TASK_ID = "t-fuzztaskaaaaaaaa";

  private FuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]).resolve("org/liaison/server/fuzz");
    Path requests = root.resolve(
        "RequestFuzzTestInputs/everyRequestIsAnsweredOrRefusedWithATypedError");
    Files.createDirectories(requests);
    write(requests, "ping", frame().setPing(Ping.newBuilder().setNonce(1)));
    write(requests, "list-channels", frame().setListChannels(ListChannels.getDefaultInstance()));
    write(requests, "list-members",
        frame().setListMembers(ListMembers.newBuilder().setChannelId(CHANNEL_ID)));
    write(requests, "sync-ack-history", frame().setSync(Sync.getDefaultInstance()),
        frame().setAck(Ack.newBuilder().setChannelId(CHANNEL_ID).setSeq(2).setRead(true)),
        frame().setHistory(History.newBuilder().setChannelId(CHANNEL_ID).setLimit(10)));
    write(requests, "message-status",
        frame().setMessageStatus(MessageStatusRequest.newBuilder().setChannelId(CHANNEL_ID)
            .setSeq(2)));
    write(requests, "flash", frame().setPendingFlash(PendingFlash.getDefaultInstance()),
        frame().setAcknowledgeFlash(AcknowledgeFlash.newBuilder().setChannelId(CHANNEL_ID)
            .setSeq(2)));
    write(requests, "keys", frame().setPublishKeys(PublishKeys.getDefaultInstance()),
        frame().setGetKeys(GetKeys.newBuilder().addOfficerIds(SUPERVISOR).addOfficerIds(MEMBER)));
    write(requests, "create-channel", frame().setCreateChannel(CreateChannel.newBuilder()
        .setStatement(statement(statement("c-fuzzseedaaaa", 0).setCreate(StatementCreate
            .newBuilder().setKind(ChannelKind.CHANNEL_KIND_GROUP).setName("seed")
            .addMembers(MEMBER))))));
    write(requests, "open-direct", frame().setOpenDirect(OpenDirect.newBuilder()
        .setStatement(statement(statement("c-fuzzdirectaa", 0).setCreate(StatementCreate
            .newBuilder().setKind(ChannelKind.CHANNEL_KIND_DIRECT).addMembers(MEMBER))))));
    write(requests, "change-membership", frame().setChangeMembership(ChangeMembership
        .newBuilder().setChannelId(CHANNEL_ID)
        .setStatement(statement(statement(CHANNEL_ID, 1).setPromote(MEMBER)))));
    write(requests, "create-and-archive-channel", frame().setCreateChannel(CreateChannel
            .newBuilder().setStatement(statement(statement("c-fuzzarchivea", 0)
                .setCreate(StatementCreate.newBuilder().setKind(ChannelKind.CHANNEL_KIND_GROUP)
                    .setName("to archive"))))),
        frame().setArchiveChannel(ArchiveChannel.newBuilder().setChannelId("c-fuzzarchivea")
            .setStatement(statement(statement("c-fuzzarchivea", 1)
                .setArchive(StatementArchive.getDefaultInstance())))));
    write(requests, "send-message", frame().setSendMessage(SendMessage.newBuilder()
        .setEnvelope(envelope("m-fuzz1"))));
    write(requests, "task-create-list-get", frame().setTaskChange(TaskChange.newBuilder()
            .setTransition(SignedTransition.newBuilder().setTransition(TaskTransition.newBuilder()
                .setTaskId(TASK_ID).setChannelId(CHANNEL_ID).setActor(SUPERVISOR)
                .setActorDevice(DESK).setTimeMs(NOW).setAction(TaskAction.TASK_ACTION_CREATE)
                .setTo(TaskStatus.TASK_STATUS_ASSIGNED).setAssignee(MEMBER)
                .setPriority(TaskPriority.TASK_PRIORITY_HIGH).setDueMs(NOW + 3_600_000)
                .setContentDigest(sha256(envelope(TASK_ID + ".0").getBody()))
                .build().toByteString()))
            .setContent(envelope(TASK_ID + ".0"))),
        frame().setListTasks(ListTasks.newBuilder().setChannelId(CHANNEL_ID).setLimit(5)),
        frame().setGetTask(GetTask.newBuilder().setTaskId(TASK_ID)));
    write(requests, "audit", frame().setAuditQuery(AuditQuery.newBuilder().setAction("message.")
            .setLimit(5)),
        frame().setGetCheckpoints(GetCheckpoints.newBuilder().setLimit(2).setSignNow(true)),
        frame().setAuditRead(AuditRead.newBuilder().setChannelId(CHANNEL_ID).setLimit(5)));
    write(requests, "hello-again-then-empty-request",
        frame().setHello(Hello.newBuilder().setDeviceId(DESK)), frame());
    write(requests, "request-id-zero", frame().setRequestId(0).setPing(Ping.getDefaultInstance()));

    // Framing: the first byte is how many bytes each read carries (0: all in one read).
    Path framing = root.resolve(
        "FrameDecoderFuzzTestInputs/bytesBecomeTheFramesTheRulesSayOrOneTypedRefusal");
    Files.createDirectories(framing);
    byte[] hello = delimited(frame().setHello(Hello.newBuilder()
        .setProtocolVersion(ProtocolVersion.PROTOCOL_VERSION_1).setDeviceId(DESK)));
    byte[] ping = delimited(frame().setPing(Ping.newBuilder().setNonce(300)));
    Files.write(framing.resolve("hello-in-one-read"), concat(new byte[] {0}, hello));
    Files.write(framing.resolve("hello-and-ping-in-3-byte-reads"),
        concat(new byte[] {3}, hello, ping));
    Files.write(framing.resolve("ping-then-frame-that-is-no-client-frame"),
        concat(new byte[] {0}, ping, new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff}, ping));
    Files.write(framing.resolve("prefix-over-the-maximum"),
        new byte[] {0, (byte) 0x81, 0x20, 1, 2, 3}); // varint 4097
    Files.write(framing.resolve("prefix-longer-than-five-bytes"),
        new byte[] {1, -1, -1, -1, -1, -1, 1});
  }

  private static byte[] delimited(ClientFrame.Builder frame) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frame.build().writeDelimitedTo(out);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static ClientFrame.Builder frame() {
    return ClientFrame.newBuilder().setRequestId(1);
  }

  private static MembershipStatement.Builder statement(String channelId, long index) {
    return MembershipStatement.newBuilder().setChannelId(channelId).setIndex(index)
        .setActor(SUPERVISOR).setActorDevice(DESK).setTimeMs(NOW);
  }

  private static SignedStatement statement(MembershipStatement.Builder statement) {
    return SignedStatement.newBuilder().setStatement(statement.build().toByteString()).build();
  }

  private static Envelope envelope(String messageId) {
    return Envelope.newBuilder()
        .setHeader(EnvelopeHeader.newBuilder().setMessageId(messageId).setChannelId(CHANNEL_ID)
            .setSender(SUPERVISOR).setSenderDevice(DESK).setSentMs(NOW)
            .setContentType("text/plain; charset=utf-8").setMembershipIndex(0)
            .setMarkings(Markings.newBuilder()
                .setClassification(Classification.CLASSIFICATION_UNCLASSIFIED)
                .setReleasableToAll(true).setPrecedence(Precedence.PRECEDENCE_ROUTINE)))
        .setBody(bytes(16)).setNonce(bytes(12)).setBodyDigest(bytes(32)).setSignature(bytes(64))
        .addWraps(wrap(SUPERVISOR, DESK)).addWraps(wrap(MEMBER, "phone"))
        .build();
  }

  private static ByteString sha256(ByteString bytes) {
    try {
      return ByteString.copyFrom(
          java.security.MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyWrap wrap(String officer, String device) {
    return KeyWrap.newBuilder().setOfficerId(officer).setDeviceId(device).setEnc(bytes(32))
        .setWrappedKey(bytes(48)).build();
  }

  private static ByteString bytes(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return ByteString.copyFrom(bytes);
  }

  private static void write(Path dir, String name, ClientFrame.Builder... frames)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ClientFrame.Builder frame : frames) {
      frame.build().writeDelimitedTo(out);
    }
    Files.write(dir.resolve(name), out.toByteArray());
  }
}
