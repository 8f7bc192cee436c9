package org.liaison.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Member;
import org.liaison.proto.v1.MemberList;
import org.liaison.proto.v1.Pong;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.testing.MisbehavingServer;
import org.liaison.testing.TestPki;

/**
 * Channel resolution rules, without the network; and the channel requests against a server that
 * misbehaves. The requests against the real server are tested in the {@code it} module
 * ({@code ClientLibraryTest}).
 */
class ChannelsTest {

    private static final String SELF = TestPki.OFFICER_ID;

    private static TestPki pki;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Collection<ClientFrame> received = List.of();

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

    /** A client of a misbehaving server that greets, then plays {@code script}. */
    private LiaisonClient connect(MisbehavingServer.Script script) throws Exception {
        MisbehavingServer server = MisbehavingServer.afterWelcome(pki.serverContext(), script);
        closeables.add(server);
        received = server.received();
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
    void aDirectChannelNamedAfterTheCallerIsShownByTheOtherMember() throws Exception {
        // The real server leaves a direct channel's name empty (see ClientLibraryTest in it/); one that
        // names it, even after the caller, must not make the caller see their own name.
        Channels channels = new Channels(connect((frame, connection) -> {
            if (frame.hasListMembers()) {
                connection.send(ServerFrame.newBuilder().setRequestId(frame.getRequestId())
                        .setMembers(MemberList.newBuilder().setChannelId(frame.getListMembers().getChannelId())
                                .addMembers(Member.newBuilder().setOfficerId(SELF))
                                .addMembers(Member.newBuilder().setOfficerId("fr-pn.hugo.lefevre")))
                        .build());
            }
        }));

        assertThat(channels.displayName(direct("c-3", SELF)).get(10, TimeUnit.SECONDS))
                .isEqualTo("fr-pn.hugo.lefevre");
        // Named after the other officer: taken as it is, without asking the server.
        assertThat(channels.displayName(direct("c-4", "es-cnp.javier.ruiz")).get(10, TimeUnit.SECONDS))
                .isEqualTo("es-cnp.javier.ruiz");
        assertThat(received).filteredOn(ClientFrame::hasListMembers)
                .singleElement().satisfies(frame -> assertThat(frame.getListMembers().getChannelId()).isEqualTo("c-3"));
    }

    @Test
    void anAnswerOfTheWrongKindFailsClearly() throws Exception {
        LiaisonClient client = connect((frame, connection) -> connection.send(ServerFrame.newBuilder()
                .setRequestId(frame.getRequestId()).setPong(Pong.getDefaultInstance()).build()));
        // Signing a creation needs this device's keys; the bundle is never checked by a server that answers PONG.
        DeviceCredentials device = new DeviceCredentials(SELF, "cli-1", DeviceKeys.generate(),
                SignedKeyBundle.getDefaultInstance());
        Channels channels = new Channels(client, device, BundleVerifier.forProfile(ClientProfile.load(dir),
                Clock.systemUTC()), Clock.systemUTC());

        assertThatThrownBy(() -> channels.create("ops", "", List.of()).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LiaisonClientException.class)
                .hasMessage("server answered CREATE_CHANNEL with PONG instead of CHANNEL");
        assertThat(received).filteredOn(ClientFrame::hasCreateChannel).singleElement()
                .satisfies(frame -> assertThat(frame.getCreateChannel().getStatement().getSignature().size())
                        .isEqualTo(64));
    }

    @Test
    void aChannelsWithoutCredentialsRefusesToSignBeforeSendingAnything() throws Exception {
        Channels channels = new Channels(connect(MisbehavingServer.SILENT));

        assertThatThrownBy(() -> channels.create("ops", "", List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("device's credentials");
        assertThatThrownBy(() -> channels.membership("c-aaaaaaaaaaaa"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bundle verifier");
        assertThat(received).noneMatch(frame -> frame.hasCreateChannel() || frame.hasListMembers());
    }
}
