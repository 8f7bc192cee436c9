package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.liaison.it.LibraryClients.WAIT;
import static org.liaison.it.LibraryClients.channel;
import static org.liaison.it.LibraryClients.failureOf;
import static org.liaison.it.LibraryClients.get;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.LUCIA;
import static org.liaison.it.Officers.NADIA;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ClientProfile;
import org.liaison.client.ConnectionFailedException;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.client.ServerRefusedException;
import org.liaison.it.TestPki.Refused;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SyncComplete;

/**
 * The client library's connection ({@link LiaisonClient}) against the real server: what it
 * sends, how it hands over answers, refusals and pushes, and how it reports the ways a
 * connection fails that a real server produces. What only a broken or malicious server does is
 * tested against the adversarial harness in the client module; channels and messages are in
 * {@link ClientLibraryMessagesTest}.
 */
class ClientLibraryTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();
  private static final LibraryClients clients = new LibraryClients(server);

  @BeforeAll
  static void everyoneConnectsOnce() throws Exception {
    clients.everyoneConnectsOnce();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void connectSendsHelloAndCompletesWithTheWelcomeTheServerDerived() throws Exception {
    ClientProfile profile = server.profile(KARIM);

    LiaisonClient client = clients.connect(profile);

    assertThat(client.isOpen()).isTrue();
    assertThat(client.welcome().getOfficerId()).isEqualTo(KARIM);
    assertThat(client.welcome().getRolesList()).containsExactly(Role.ROLE_OFFICER);
    // The server speaks version 1 only and echoes the Hello's request id, which the client
    // requires to be 1: a Welcome at all means the Hello was a version 1 Hello with id 1.
    assertThat(client.welcome().getProtocolVersion()).isEqualTo(ProtocolVersion.PROTOCOL_VERSION_1);
    assertThat(client.welcome().getDeviceId()).isEqualTo(profile.deviceId()).startsWith("cli-");
    server.logs().awaitLine(KARIM + "/" + profile.deviceId() + "#",
        "greeted (" + LiaisonClient.CLIENT_NAME + ")");
  }

  @Test
  void requestIdsIncreaseAndPingIsAnsweredWithItsNonce() throws Exception {
    LiaisonClient client = clients.connect(server.profile(LUCIA));
    long before = System.currentTimeMillis();

    ServerFrame first = get(client.request(
        ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(5))));
    ServerFrame second = get(client.request(
        ClientFrame.newBuilder().setPing(Ping.newBuilder().setNonce(6))));
    var pong = get(client.ping());

    // Hello was request 1.
    assertThat(first.getRequestId()).isEqualTo(2);
    assertThat(first.getPong().getNonce()).isEqualTo(5);
    assertThat(second.getRequestId()).isEqualTo(3);
    assertThat(second.getPong().getNonce()).isEqualTo(6);
    assertThat(pong.getServerTimeMs())
        .isBetween(before - 1000, System.currentTimeMillis() + 1000);
  }

  @Test
  void refusalFailsTheRequestWithTheServersCodeAndMessageAndKeepsTheConnection() throws Exception {
    Participant hugo = clients.participant(server.profile(HUGO));

    Throwable failure = failureOf(hugo.channels().create("not-mine", "", List.of()));

    assertThat(failure).isInstanceOf(ServerRefusedException.class)
        .hasMessage("only officers with the supervisor role create channels");
    assertThat(((ServerRefusedException) failure).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(hugo.client().isOpen()).isTrue();
    assertThat(get(hugo.client().ping()).getServerTimeMs()).isPositive();
  }

  @Test
  void refusedCertificateFailsConnectSayingTheServerClosedTheConnection() {
    ClientProfile revoked = server.profileAt(server.pki().refusedProfile(Refused.REVOKED));

    Throwable failure = failureOf(LiaisonClient.connect(revoked));

    // TLS 1.3: the client's side of the handshake is done before the server refuses its
    // certificate, so the refusal arrives as the server's alert and close.
    assertThat(failure).isInstanceOf(ConnectionFailedException.class)
        .hasMessageContaining("server closed the connection")
        .hasMessageContaining("alert");
    server.logs().awaitLine("refused TLS connection from", "is revoked by agency fr-pn");
  }

  @Test
  void nothingListeningFailsConnect() throws Exception {
    ClientProfile profile = server.profile(KARIM).withServer(LiaisonServerExtension.HOST,
        closedPort());

    Throwable failure = failureOf(LiaisonClient.connect(profile));

    assertThat(failure).isInstanceOf(ConnectionFailedException.class)
        .hasMessageContaining("refused");
  }

  @Test
  void pushesArrivingBeforeAnyListenerAreHandedToTheFirstListenerInOrder() throws Exception {
    Participant claire = clients.participant(server.profile(CLAIRE));
    // Nadia's device publishes its keys before the messages are sealed, and adds no listener.
    Participant nadia = clients.participant(server.profile(NADIA).withDeviceId("nadia-held"));
    String id = channel(claire, "held pushes", NADIA);
    for (int i = 1; i <= 3; i++) {
      get(claire.messages().sendText(id, "held " + i));
    }

    // Sync without any listener: the backlog arrives as pushes before the answer.
    SyncComplete complete = get(nadia.messages().sync());
    List<ServerFrame> pushes = new CopyOnWriteArrayList<>();
    nadia.client().addPushListener(pushes::add);

    await().atMost(WAIT).until(() -> pushes.size() >= complete.getEvents());
    assertThat((long) pushes.size()).isEqualTo(complete.getEvents());
    assertThat(pushes).allMatch(ServerFrame::hasEvent)
        .allSatisfy(push -> assertThat(push.getRequestId()).isZero());
    List<ChannelEvent> events = pushes.stream().map(ServerFrame::getEvent)
        .filter(e -> e.getChannelId().equals(id)).toList();
    assertThat(events).extracting(ChannelEvent::getSeq).isSorted().doesNotHaveDuplicates();
    assertThat(events).filteredOn(ChannelEvent::hasMessage)
        .extracting(e -> nadia.open(e).text())
        .containsExactly("held 1", "held 2", "held 3");
  }

  @Test
  void serverShutdownReachesPushListenersButNotEventListenersAndNamesTheReasonForTheClose()
      throws Exception {
    Participant claire = clients.participant(server.profile(CLAIRE));
    String id = channel(claire, "shutdown", HUGO);
    LiaisonClient hugo = clients.connect(server.profile(HUGO).withDeviceId("hugo-shutdown"));
    List<ServerFrame> pushes = new CopyOnWriteArrayList<>();
    List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    hugo.addPushListener(pushes::add);
    Messages messages = new Messages(hugo);
    messages.onEvent(events::add);
    get(messages.sync());
    long seq = get(claire.messages().sendText(id, "before the shutdown")).accepted().getSeq();
    await().atMost(WAIT).until(() -> events.stream()
        .anyMatch(e -> e.getChannelId().equals(id) && e.getSeq() == seq));

    server.stop();
    try {
      assertThat(hugo.closeFuture()).succeedsWithin(WAIT);
      assertThat(hugo.isOpen()).isFalse();
      assertThat(pushes).last().satisfies(push -> {
        assertThat(push.getRequestId()).isZero();
        assertThat(push.getError().getCode()).isEqualTo(ErrorCode.SERVER_SHUTTING_DOWN);
        assertThat(push.getError().getFatal()).isTrue();
      });
      // The event listener got the event pushes, and only those.
      assertThat(events).containsExactlyElementsOf(
          pushes.stream().filter(ServerFrame::hasEvent).map(ServerFrame::getEvent).toList());
      assertThat(failureOf(hugo.ping())).isInstanceOf(ConnectionFailedException.class)
          .hasMessage("server closed the connection: SERVER_SHUTTING_DOWN: "
              + "the server is shutting down; reconnect later");
    } finally {
      server.start();
    }
  }
}
