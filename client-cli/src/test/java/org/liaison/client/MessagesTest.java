package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SyncComplete;
import org.liaison.testing.FakeLiaisonServer;
import org.liaison.testing.FakeMessagingResponder;
import org.liaison.testing.TestPki;

class MessagesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-26T12:02:11Z"), ZoneOffset.UTC);

    private static TestPki pki;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void createPki() {
        pki = TestPki.create();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private LiaisonClient connect(FakeLiaisonServer.Responder responder) throws Exception {
        FakeLiaisonServer server = new FakeLiaisonServer(pki.serverContext(), responder);
        closeables.add(server);
        pki.writeProfile(dir, server.address(), "pw");
        LiaisonClient client = LiaisonClient.connect(ClientProfile.load(dir)).get(10, TimeUnit.SECONDS);
        closeables.add(0, client);
        return client;
    }

    private static ChannelEvent added(String channelId, long seq, String officer) {
        return ChannelEvent.newBuilder().setChannelId(channelId).setSeq(seq).setActor("fr-pn.claire.martin")
                .setMemberAdded(MemberAdded.newBuilder().setOfficerId(officer)).build();
    }

    @Test
    void sendTextFillsTheHeaderFromTheWelcomeAndEncodesUtf8() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder();
        LiaisonClient client = connect(responder);
        String text = "اجتماع عند البوابة ٤";

        MessageAccepted accepted = new Messages(client, CLOCK).sendText("c-1", text).get(10, TimeUnit.SECONDS);

        assertThat(accepted.getSeq()).isEqualTo(42);
        ClientFrame sent = responder.sent().get(0);
        EnvelopeHeader header = sent.getSendMessage().getEnvelope().getHeader();
        assertThat(header.getChannelId()).isEqualTo("c-1");
        assertThat(header.getSender()).isEqualTo(TestPki.OFFICER_ID);
        assertThat(header.getSenderDevice()).isEqualTo(client.welcome().getDeviceId());
        assertThat(header.getSentMs()).isEqualTo(CLOCK.millis());
        assertThat(header.getContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(header.getMessageId()).matches("[A-Za-z0-9._-]{1,64}").isEqualTo(accepted.getMessageId());
        assertThat(sent.getSendMessage().getEnvelope().getBody())
                .isEqualTo(ByteString.copyFrom(text, StandardCharsets.UTF_8));
        assertThat(PlainTextBody.textOf(sent.getSendMessage().getEnvelope())).isEqualTo(text);
    }

    @Test
    void retriesReuseTheChosenMessageIdAndBadIdsAreRefusedLocally() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder();
        Messages messages = new Messages(connect(responder));
        byte[] body = {1, 2, 3};

        messages.send("c-1", "msg-1", body, "application/octet-stream").get(10, TimeUnit.SECONDS);
        messages.send("c-1", "msg-1", body, "application/octet-stream").get(10, TimeUnit.SECONDS);

        assertThat(responder.sent()).extracting(f -> f.getSendMessage().getEnvelope().getHeader().getMessageId())
                .containsExactly("msg-1", "msg-1");
        assertThatThrownBy(() -> messages.send("c-1", "has space", body, "text/plain"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> messages.send("c-1", "x".repeat(65), body, "text/plain"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncHandsEveryBacklogEventToTheListenerBeforeCompleting() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder()
                .backlog(added("c-1", 1, "a.b.c"), added("c-1", 2, "a.b.d"), added("c-2", 1, "a.b.e"));
        Messages messages = new Messages(connect(responder));
        List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        messages.onEvent(events::add);

        SyncComplete complete = messages.sync().get(10, TimeUnit.SECONDS);

        assertThat(complete.getEvents()).isEqualTo(3);
        assertThat(events).extracting(e -> e.getChannelId() + "#" + e.getSeq())
                .containsExactly("c-1#1", "c-1#2", "c-2#1");
    }

    @Test
    void onEventPassesOnlyEventPushes() throws Exception {
        LiaisonClient client = connect((frame, connection) -> {
            if (frame.hasSync()) {
                connection.send(ServerFrame.newBuilder().setError(Error.newBuilder()
                        .setCode(ErrorCode.RATE_LIMITED).setMessage("slow down")).build());
                connection.send(ServerFrame.newBuilder().setEvent(added("c-1", 5, "a.b.c")).build());
                connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                        .setSyncComplete(SyncComplete.newBuilder().setEvents(1)).build());
            } else {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            }
        });
        Messages messages = new Messages(client);
        List<ChannelEvent> events = new CopyOnWriteArrayList<>();
        messages.onEvent(events::add);

        messages.sync().get(10, TimeUnit.SECONDS);

        assertThat(events).extracting(ChannelEvent::getSeq).containsExactly(5L);
    }

    @Test
    void ackSendsTheCursorAndReadFlag() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder();
        Messages messages = new Messages(connect(responder));

        Acked acked = messages.ack("c-1", 12, true).get(10, TimeUnit.SECONDS);

        assertThat(acked.getReadSeq()).isEqualTo(12);
        assertThat(responder.acks()).singleElement()
                .satisfies(frame -> assertThat(frame.getAck().getRead()).isTrue());
    }

    @Test
    void refusalsCarryTheServersCode() throws Exception {
        Messages messages = new Messages(connect(new FakeMessagingResponder()));

        assertThatThrownBy(() -> messages.history("c-1", 0, 10).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(ServerRefusedException.class)
                .satisfies(e -> assertThat(((ServerRefusedException) e).code()).isEqualTo(ErrorCode.UNKNOWN_REQUEST));
    }
}
