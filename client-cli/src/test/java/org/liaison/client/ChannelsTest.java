package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.MembershipAction;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.testing.FakeLiaisonServer;
import org.liaison.testing.FakeMessagingResponder;
import org.liaison.testing.TestPki;

class ChannelsTest {

    private static final String SELF = TestPki.OFFICER_ID;

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

    private static ChannelInfo group(String id, String name) {
        return ChannelInfo.newBuilder().setChannelId(id).setKind(ChannelKind.CHANNEL_KIND_GROUP).setName(name).build();
    }

    private static ChannelInfo direct(String id, String name) {
        return ChannelInfo.newBuilder().setChannelId(id).setKind(ChannelKind.CHANNEL_KIND_DIRECT).setName(name).build();
    }

    private LiaisonClient connect(FakeLiaisonServer.Responder responder) throws Exception {
        FakeLiaisonServer server = new FakeLiaisonServer(pki.serverContext(), responder);
        closeables.add(server);
        pki.writeProfile(dir, server.address(), "pw");
        LiaisonClient client = LiaisonClient.connect(ClientProfile.load(dir)).get(10, TimeUnit.SECONDS);
        closeables.add(0, client);
        return client;
    }

    @Test
    void anExactChannelIdWinsOverANameEqualToIt() {
        ChannelInfo byId = group("c-1", "ops");
        ChannelInfo byName = group("c-2", "c-1");

        assertThat(Channels.match("c-1", List.of(byName, byId), Map.of())).isEqualTo(byId);
    }

    @Test
    void aUniqueExactNameResolvesInAnyScript() {
        ChannelInfo arabic = group("c-1", "عمليات البوابة ٤");
        ChannelInfo french = group("c-2", "opérations");

        assertThat(Channels.match("عمليات البوابة ٤", List.of(arabic, french), Map.of())).isEqualTo(arabic);
        assertThat(Channels.match("opérations", List.of(arabic, french), Map.of())).isEqualTo(french);
    }

    @Test
    void namesMatchExactlyNotByCaseOrPrefix() {
        List<ChannelInfo> channels = List.of(group("c-1", "ops-gate-4"));

        assertThatThrownBy(() -> Channels.match("OPS-GATE-4", channels, Map.of()))
                .isInstanceOf(UnknownChannelException.class).hasMessage("no channel named OPS-GATE-4");
        assertThatThrownBy(() -> Channels.match("ops", channels, Map.of()))
                .isInstanceOf(UnknownChannelException.class);
    }

    @Test
    void aDirectChannelIsNamedByTheOtherOfficer() {
        ChannelInfo dm = direct("c-9", "");

        assertThat(Channels.match("es-cnp.javier.ruiz", List.of(dm), Map.of("c-9", "es-cnp.javier.ruiz")))
                .isEqualTo(dm);
    }

    @Test
    void anAmbiguousNameFailsNamingTheCandidates() {
        List<ChannelInfo> channels = List.of(group("c-1", "ops"), group("c-2", "ops"));

        assertThatThrownBy(() -> Channels.match("ops", channels, Map.of()))
                .isInstanceOf(LiaisonClientException.class)
                .isNotInstanceOf(UnknownChannelException.class)
                .hasMessage("ambiguous channel name ops: it names c-1, c-2; use a channel id");
    }

    @Test
    void theOnlyActiveChannelWinsOverArchivedNamesakes() {
        ChannelInfo old = group("c-1", "ops").toBuilder().setArchived(true).build();
        ChannelInfo current = group("c-2", "ops");

        assertThat(Channels.match("ops", List.of(old, current), Map.of())).isEqualTo(current);
        assertThat(Channels.match("ops", List.of(old), Map.of())).isEqualTo(old);
    }

    @Test
    void resolveAsksTheMembersOfADirectChannelWithoutAName() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder()
                .channel(group("c-1", "ops"), SELF, "fr-pn.claire.martin")
                .channel(direct("c-2", ""), SELF, "es-cnp.javier.ruiz");
        Channels channels = new Channels(connect(responder));

        assertThat(channels.resolve("es-cnp.javier.ruiz").get(10, TimeUnit.SECONDS).getChannelId()).isEqualTo("c-2");
        assertThat(channels.resolve("c-1").get(10, TimeUnit.SECONDS).getName()).isEqualTo("ops");
        assertThat(channels.displayNames(true).get(10, TimeUnit.SECONDS))
                .containsExactly(Map.entry("c-1", "ops"), Map.entry("c-2", "es-cnp.javier.ruiz"));
        assertThatThrownBy(() -> channels.resolve("nobody").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownChannelException.class);
    }

    @Test
    void aDirectChannelNamedAfterTheCallerIsShownByTheOtherMember() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder()
                .channel(direct("c-3", SELF), SELF, "fr-pn.hugo.lefevre");
        Channels channels = new Channels(connect(responder));

        assertThat(channels.displayName(direct("c-3", SELF)).get(10, TimeUnit.SECONDS))
                .isEqualTo("fr-pn.hugo.lefevre");
        assertThat(channels.displayName(direct("c-4", "es-cnp.javier.ruiz")).get(10, TimeUnit.SECONDS))
                .isEqualTo("es-cnp.javier.ruiz");
    }

    @Test
    void membershipChangesSendTheActionAndReturnTheEventSeq() throws Exception {
        FakeMessagingResponder responder = new FakeMessagingResponder();
        List<ClientFrame> received = new ArrayList<>();
        Channels channels = new Channels(connect((frame, connection) -> {
            received.add(frame);
            responder.onFrame(frame, connection);
        }));

        assertThat(channels.add("c-1", "fr-pn.hugo.lefevre").get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(channels.remove("c-1", "fr-pn.hugo.lefevre").get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(channels.promote("c-1", "fr-pn.hugo.lefevre").get(10, TimeUnit.SECONDS)).isEqualTo(7L);
        assertThat(channels.archive("c-1").get(10, TimeUnit.SECONDS)).isEqualTo(8L);

        assertThat(received).filteredOn(ClientFrame::hasChangeMembership)
                .extracting(frame -> frame.getChangeMembership().getAction())
                .containsExactly(MembershipAction.MEMBERSHIP_ACTION_ADD, MembershipAction.MEMBERSHIP_ACTION_REMOVE,
                        MembershipAction.MEMBERSHIP_ACTION_PROMOTE);
    }

    @Test
    void anAnswerOfTheWrongKindFailsClearly() throws Exception {
        Channels channels = new Channels(connect((frame, connection) -> {
            if (frame.hasHello()) {
                FakeLiaisonServer.standard(0).onFrame(frame, connection);
            } else {
                connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                        .setPong(Pong.getDefaultInstance()).build());
            }
        }));

        assertThatThrownBy(() -> channels.create("ops", "", List.of()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LiaisonClientException.class)
                .hasMessage("server answered CREATE_CHANNEL with PONG instead of CHANNEL");
    }
}
