package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.Channels;
import org.liaison.client.ClientProfile;
import org.liaison.client.ConnectionFailedException;
import org.liaison.client.KeySource;
import org.liaison.client.LiaisonClient;
import org.liaison.client.Messages;
import org.liaison.client.OpenedEvent;
import org.liaison.client.SentMessage;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.UnknownChannelException;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.it.TestPki.Refused;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.Ping;
import org.liaison.proto.v1.ProtocolVersion;
import org.liaison.proto.v1.Role;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.SyncComplete;

/**
 * The client library ({@link LiaisonClient}, {@link Channels}, {@link Messages}) against the real
 * server: what it sends, how it hands over answers, refusals and pushes, and how it reports the
 * ways a connection fails that a real server produces. What only a broken or malicious server
 * does is tested against the adversarial harness in the client module.
 */
class ClientLibraryTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CLAIRE = "fr-pn.claire.martin";   // supervisor
  private static final String HUGO = "fr-pn.hugo.lefevre";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String NADIA = "ma-dgsn.nadia.elamrani";
  private static final String LUCIA = "es-cnp.lucia.garcia";    // supervisor
  private static final String JAVIER = "es-cnp.javier.ruiz";
  private static final String ARABIC = "اجتماع عند البوابة ٤";

  @BeforeAll
  static void everyoneConnectsOnce() throws Exception {
    // Officers can be added to channels only once the server has seen them.
    for (String officer : List.of(CLAIRE, HUGO, KARIM, NADIA, LUCIA, JAVIER)) {
      server.connect(officer).close();
    }
  }

  private static LiaisonClient connect(ClientProfile profile) throws Exception {
    return server.track(LiaisonClient.connect(profile).get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  /** A device with published end-to-end keys, closed after the class. */
  private static Participant participant(ClientProfile profile) throws Exception {
    Participant participant = Participant.connect(profile, false);
    server.track(participant.client());
    return participant;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    assertThat(future).failsWithin(WAIT);
    try {
      future.get();
      throw new AssertionError("future did not fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String channel(Participant supervisor, String name, String... members)
      throws Exception {
    return get(supervisor.channels().create(name, "", List.of(members))).getChannelId();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void connectSendsHelloAndCompletesWithTheWelcomeTheServerDerived() throws Exception {
    ClientProfile profile = server.profile(KARIM);

    LiaisonClient client = connect(profile);

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
    LiaisonClient client = connect(server.profile(LUCIA));
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
    Participant hugo = participant(server.profile(HUGO));

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
    Participant claire = participant(server.profile(CLAIRE));
    // Nadia's device publishes its keys before the messages are sealed, and adds no listener.
    Participant nadia = participant(server.profile(NADIA).withDeviceId("nadia-held"));
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
    Participant claire = participant(server.profile(CLAIRE));
    String id = channel(claire, "shutdown", HUGO);
    LiaisonClient hugo = connect(server.profile(HUGO).withDeviceId("hugo-shutdown"));
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

  @Test
  void sendTextSealsTheBodyForEveryMembersDeviceAndFillsTheHeaderFromTheWelcome()
      throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2024-07-26T12:02:11Z"), ZoneOffset.UTC);
    Participant claire = participant(server.profile(CLAIRE));
    Participant hugo = participant(server.profile(HUGO).withDeviceId("hugo-headers"));
    String id = channel(claire, "headers", HUGO);
    Messages clocked = new Messages(claire.client(), claire.channels(), claire.device(),
        claire.keys(), clock);

    SentMessage sent = get(clocked.sendText(id, ARABIC));

    MessageAccepted accepted = sent.accepted();
    List<ChannelEvent> stored = get(claire.messages().history(id, 0, 10)).getEventsList();
    assertThat(stored).last().satisfies(event -> assertThat(event.getSeq())
        .isEqualTo(accepted.getSeq()));
    ChannelEvent event = stored.get(stored.size() - 1);
    Envelope envelope = event.getMessage();
    assertThat(envelope.getHeader().getChannelId()).isEqualTo(id);
    assertThat(envelope.getHeader().getSender()).isEqualTo(CLAIRE);
    assertThat(envelope.getHeader().getSenderDevice())
        .isEqualTo(claire.client().welcome().getDeviceId());
    assertThat(envelope.getHeader().getSentMs()).isEqualTo(clock.millis());
    assertThat(envelope.getHeader().getContentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(envelope.getHeader().getMessageId()).matches("[A-Za-z0-9._-]{1,64}")
        .isEqualTo(accepted.getMessageId());
    // Sealed under the creation statement, for every published device of both members.
    assertThat(envelope.getHeader().getMembershipIndex()).isZero();
    assertThat(envelope.getWrapsList()).extracting(w -> w.getOfficerId() + "/" + w.getDeviceId())
        .contains(CLAIRE + "/" + claire.device().deviceId(), HUGO + "/hugo-headers")
        .allMatch(r -> r.startsWith(CLAIRE + "/") || r.startsWith(HUGO + "/"))
        .hasSize(sent.recipientDevices());
    // The server stores ciphertext: AES-256-GCM of the UTF-8 text (plus its tag), never the text.
    byte[] utf8 = ARABIC.getBytes(StandardCharsets.UTF_8);
    assertThat(envelope.getBody().size()).isEqualTo(utf8.length + 16);
    assertThat(envelope.getBody().toStringUtf8()).doesNotContain(ARABIC);
    assertThat(ByteScan.indexOf(envelope.getBody().toByteArray(), utf8)).isEqualTo(-1);
    assertThat(envelope.getBodyDigest().toByteArray()).isEqualTo(
        MessageDigest.getInstance("SHA-256").digest(envelope.getBody().toByteArray()));
    assertThat(envelope.getNonce().size()).isEqualTo(12);
    assertThat(envelope.getSignature().size()).isEqualTo(64);
    // Only the recipients read it, with the sender's verified identity.
    OpenedEvent opened = hugo.open(event);
    assertThat(opened.verdict()).isEqualTo(OpenedEvent.Verdict.VERIFIED);
    assertThat(opened.text()).isEqualTo(ARABIC);
    assertThat(opened.sender()).hasValueSatisfying(bundle -> {
      assertThat(bundle.officerId()).isEqualTo(CLAIRE);
      assertThat(bundle.agency()).isEqualTo("fr-pn");
      assertThat(bundle.nation()).isEqualTo("FR");
    });
    assertThat(claire.open(event).text()).isEqualTo(ARABIC);
  }

  @Test
  void sendsReuseTheVerifiedRecipientsUntilTheServerSaysTheMembershipChanged() throws Exception {
    Participant claire = participant(server.profile(CLAIRE));
    Participant karim = participant(server.profile(KARIM).withDeviceId("karim-late"));
    String id = channel(claire, "recipients kept", HUGO);
    AtomicInteger fetches = new AtomicInteger();
    KeySource counting = officers -> {
      fetches.incrementAndGet();
      return claire.keys().devicesOf(officers);
    };
    Messages messages = new Messages(claire.client(), claire.channels(), claire.device(), counting,
        Clock.systemUTC());

    for (int i = 1; i <= 3; i++) {
      get(messages.sendText(id, "kept " + i));
    }
    assertThat(fetches).as("members and keys fetched for the first message only").hasValue(1);

    get(claire.channels().add(id, KARIM));
    SentMessage afterJoin = get(messages.sendText(id, "for Karim too"));

    // The server refused the stale recipients; the client fetched them again and sealed again.
    assertThat(fetches).hasValue(2);
    ChannelEvent event = get(karim.messages().history(id, afterJoin.accepted().getSeq() + 1, 1))
        .getEvents(0);
    assertThat(karim.open(event).text()).isEqualTo("for Karim too");
    assertThat(event.getMessage().getWrapsList()).extracting(w -> w.getOfficerId())
        .contains(KARIM);
  }

  @Test
  void badMessageIdsAreRefusedBeforeAnythingIsSent() throws Exception {
    Participant claire = participant(server.profile(CLAIRE));
    String id = channel(claire, "bad ids", HUGO);
    Messages messages = claire.messages();
    byte[] body = {1, 2, 3};

    // Thrown by the call itself, not by the future: nothing went to the server.
    assertThatThrownBy(() -> messages.send(id, "has space", body, "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> messages.send(id, "x".repeat(65), body, "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(get(messages.history(id, 0, 100)).getEventsList())
        .noneMatch(ChannelEvent::hasMessage);
  }

  @Test
  void syncHandsEveryBacklogEventToTheListenerBeforeCompleting() throws Exception {
    Participant lucia = participant(server.profile(LUCIA));
    Participant javier = participant(server.profile(JAVIER).withDeviceId("javier-sync"));
    String first = channel(lucia, "backlog one", JAVIER);
    String second = channel(lucia, "backlog two", JAVIER);
    Messages fromLucia = lucia.messages();
    get(fromLucia.sendText(first, "one"));
    get(fromLucia.sendText(second, "two"));
    get(fromLucia.sendText(first, "three"));
    Messages messages = javier.messages();
    List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    messages.onEvent(events::add);

    SyncComplete complete = get(messages.sync());

    // Checked at once, without waiting: everything was handed over before the future completed.
    assertThat((long) events.size()).isEqualTo(complete.getEvents());
    assertThat(events).filteredOn(ChannelEvent::hasMessage)
        .extracting(e -> e.getChannelId() + ":" + javier.open(e).text())
        .contains(first + ":one", second + ":two", first + ":three");
    for (String id : List.of(first, second)) {
      assertThat(events).filteredOn(e -> e.getChannelId().equals(id))
          .extracting(ChannelEvent::getSeq).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void ackReturnsTheCursorsAndOnlyTheReadFlagMovesTheReadCursor() throws Exception {
    Participant claire = participant(server.profile(CLAIRE));
    String id = channel(claire, "cursors", HUGO);
    long one = get(claire.messages().sendText(id, "one")).accepted().getSeq();
    long two = get(claire.messages().sendText(id, "two")).accepted().getSeq();
    Messages hugo = new Messages(connect(server.profile(HUGO).withDeviceId("hugo-cursors")));

    Acked delivered = get(hugo.ack(id, one, false));
    Acked read = get(hugo.ack(id, two, true));

    assertThat(delivered.getChannelId()).isEqualTo(id);
    assertThat(delivered.getDeliveredSeq()).isEqualTo(one);
    assertThat(delivered.getReadSeq()).isZero();
    assertThat(read.getDeliveredSeq()).isEqualTo(two);
    assertThat(read.getReadSeq()).isEqualTo(two);
    assertThat(get(claire.messages().status(id, two)).getRead()).isEqualTo(1);
  }

  @Test
  void resolveFindsChannelsByIdByNameAndDirectChannelsByTheOtherOfficer() throws Exception {
    Participant lucia = participant(server.profile(LUCIA));
    Channels channels = lucia.channels();
    String group = channel(lucia, "ops-resolve", HUGO);
    ChannelInfo direct = get(channels.openDirect(JAVIER));
    // The server leaves direct channels unnamed: their name comes from their other member.
    assertThat(direct.getName()).isEmpty();

    assertThat(get(channels.resolve(JAVIER)).getChannelId()).isEqualTo(direct.getChannelId());
    assertThat(get(channels.resolve("ops-resolve")).getChannelId()).isEqualTo(group);
    assertThat(get(channels.resolve(group)).getName()).isEqualTo("ops-resolve");
    assertThat(get(channels.displayName(direct))).isEqualTo(JAVIER);
    assertThat(get(channels.displayNames(true)))
        .contains(Map.entry(group, "ops-resolve"), Map.entry(direct.getChannelId(), JAVIER));
    assertThat(failureOf(channels.resolve("nobody"))).isInstanceOf(UnknownChannelException.class)
        .hasMessage("no channel named nobody");
  }

  @Test
  void membershipChangesReturnTheSequenceNumberOfTheStoredEvent() throws Exception {
    Participant claire = participant(server.profile(CLAIRE));
    Channels channels = claire.channels();
    String id = channel(claire, "membership seqs");

    long added = get(channels.add(id, HUGO));
    long addedKarim = get(channels.add(id, KARIM));
    long promoted = get(channels.promote(id, HUGO));
    long removed = get(channels.remove(id, KARIM));
    long archived = get(channels.archive(id));

    List<ChannelEvent> history = new ArrayList<>(
        get(claire.messages().history(id, 0, 100)).getEventsList());
    assertThat(List.of(added, addedKarim, promoted, removed, archived)).isSorted()
        .doesNotHaveDuplicates();
    assertThat(eventAt(history, added).getMemberAdded().getOfficerId()).isEqualTo(HUGO);
    assertThat(eventAt(history, addedKarim).getMemberAdded().getOfficerId()).isEqualTo(KARIM);
    assertThat(eventAt(history, promoted).getMemberPromoted().getOfficerId()).isEqualTo(HUGO);
    assertThat(eventAt(history, removed).getMemberRemoved().getOfficerId()).isEqualTo(KARIM);
    assertThat(eventAt(history, archived).hasArchived()).isTrue();
    // Each change is a signed statement the events carry; the chain proves the same membership.
    assertThat(history).allSatisfy(event -> assertThat(claire.open(event).verdict())
        .isEqualTo(OpenedEvent.Verdict.VERIFIED));
    VerifiedMembership chain = get(channels.membership(id)).verified();
    assertThat(chain.headIndex()).isEqualTo(5);
    assertThat(chain.members()).containsExactly(CLAIRE, HUGO);
    assertThat(chain.supervisors()).containsExactly(CLAIRE, HUGO);
    assertThat(chain.archived()).isTrue();
  }

  private static ChannelEvent eventAt(List<ChannelEvent> events, long seq) {
    return events.stream().filter(e -> e.getSeq() == seq).findFirst()
        .orElseThrow(() -> new AssertionError("no event #" + seq + " in " + events));
  }
}
