package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.liaison.it.LibraryClients.ARABIC;
import static org.liaison.it.LibraryClients.channel;
import static org.liaison.it.LibraryClients.failureOf;
import static org.liaison.it.LibraryClients.get;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.LUCIA;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.Channels;
import org.liaison.client.KeySource;
import org.liaison.client.Messages;
import org.liaison.client.OpenedEvent;
import org.liaison.client.SentMessage;
import org.liaison.client.UnknownChannelException;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.MessageAccepted;
import org.liaison.proto.v1.SyncComplete;

/**
 * The client library's channels and messages ({@link Channels}, {@link Messages}) against the
 * real server: how it seals, sends and re-seals, syncs, acknowledges, resolves channels and
 * changes their membership. The connection itself is in {@link ClientLibraryTest}.
 */
class ClientLibraryMessagesTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();
  private static final LibraryClients clients = new LibraryClients(server);

  @BeforeAll
  static void everyoneConnectsOnce() throws Exception {
    clients.everyoneConnectsOnce();
  }

  @Test
  void sendTextSealsTheBodyForEveryMembersDeviceAndFillsTheHeaderFromTheWelcome()
      throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2024-07-26T12:02:11Z"), ZoneOffset.UTC);
    Participant claire = clients.participant(server.profile(CLAIRE));
    Participant hugo = clients.participant(server.profile(HUGO).withDeviceId("hugo-headers"));
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
    Participant claire = clients.participant(server.profile(CLAIRE));
    Participant karim = clients.participant(server.profile(KARIM).withDeviceId("karim-late"));
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
    Participant claire = clients.participant(server.profile(CLAIRE));
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
    Participant lucia = clients.participant(server.profile(LUCIA));
    Participant javier = clients.participant(server.profile(JAVIER).withDeviceId("javier-sync"));
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
    Participant claire = clients.participant(server.profile(CLAIRE));
    String id = channel(claire, "cursors", HUGO);
    long one = get(claire.messages().sendText(id, "one")).accepted().getSeq();
    long two = get(claire.messages().sendText(id, "two")).accepted().getSeq();
    Messages hugo =
        new Messages(clients.connect(server.profile(HUGO).withDeviceId("hugo-cursors")));

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
    Participant lucia = clients.participant(server.profile(LUCIA));
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
    Participant claire = clients.participant(server.profile(CLAIRE));
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
