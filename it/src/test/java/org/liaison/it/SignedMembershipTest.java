package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ChannelMembership;
import org.liaison.client.MessageOpener;
import org.liaison.client.OpenedEvent;
import org.liaison.client.OpenedEvent.Verdict;
import org.liaison.client.RecipientsDisagreeException;
import org.liaison.client.SeenMessages;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.crypto.MembershipChain;
import org.liaison.client.crypto.MembershipRejectedException;
import org.liaison.client.crypto.MembershipRejectedException.Reason;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.proto.v1.ChangeMembership;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.CreateChannel;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberRole;
import org.liaison.proto.v1.MembershipStatement;
import org.liaison.proto.v1.SendMessage;
import org.liaison.proto.v1.SignedStatement;

/**
 * Signed membership against a malicious server: the server's own member list is only a claim.
 * The server here is real, and the malice is played by editing its database (while it runs, or
 * while it is stopped, across a restart): a member injected without a signed statement is never
 * encrypted to and never shown as verified, an injected membership event is rejected as unsigned,
 * an altered, dropped or unauthorised statement breaks the chain with its own reason. The honest
 * paths (who may sign what, and a full add / promote / remove / archive round trip) are
 * checked against the same real server.
 */
class SignedMembershipTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";   // supervisor
  private static final String HUGO = "fr-pn.hugo.lefevre";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String JAVIER = "es-cnp.javier.ruiz";
  private static final String LUCIA = "es-cnp.lucia.garcia";    // supervisor

  @BeforeAll
  static void everyoneHasPublishedKeys() throws Exception {
    // Officers are known to the server, and their devices' keys published, before any channel.
    for (String officer : List.of(CLAIRE, HUGO, KARIM, JAVIER, LUCIA)) {
      Participant.connect(server, officer).close();
    }
  }

  private static Participant participant(String officer) throws Exception {
    Participant participant = Participant.connect(server, officer);
    server.track(participant.client());
    return participant;
  }

  private static Participant device(String officer, String deviceId) throws Exception {
    Participant participant = Participant.connect(server.profile(officer).withDeviceId(deviceId),
        true);
    server.track(participant.client());
    return participant;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> future.get(30, TimeUnit.SECONDS));
    return e.getCause();
  }

  private static ErrorCode refusal(CompletableFuture<?> future) {
    Throwable cause = failure(future);
    assertThat(cause).isInstanceOf(ServerRefusedException.class);
    return ((ServerRefusedException) cause).code();
  }

  private static MembershipRejectedException chainFailure(CompletableFuture<?> future) {
    Throwable cause = failure(future);
    assertThat(cause).isInstanceOf(MembershipRejectedException.class);
    return (MembershipRejectedException) cause;
  }

  private static Set<String> refs(List<DeviceRef> devices) {
    Set<String> refs = new HashSet<>();
    devices.forEach(device -> refs.add(device.getOfficerId() + "/" + device.getDeviceId()));
    return refs;
  }

  private static String channel(Participant supervisor, String name, String... members)
      throws Exception {
    return get(supervisor.channels().create(name, "", List.of(members))).getChannelId();
  }

  private static ServerRefusedException change(Participant actor, String channelId,
      SignedStatement signed) {
    Throwable cause = failure(actor.client().request(ClientFrame.newBuilder().setChangeMembership(
        ChangeMembership.newBuilder().setChannelId(channelId).setStatement(signed))));
    assertThat(cause).isInstanceOf(ServerRefusedException.class);
    return (ServerRefusedException) cause;
  }

  @Test
  void aMemberInjectedIntoTheDatabaseAcrossARestartIsNeverEncryptedToNorShownAsVerified()
      throws Exception {
    String channelId;
    long before;
    try (Participant claire = Participant.connect(server, CLAIRE);
        // A second device of Hugo's, with keys, that has received nothing yet.
        Participant hugoTablet = Participant.connect(server.profile(HUGO)
            .withDeviceId("hugo-tablet"), true)) {
      channelId = channel(claire, "injection target", HUGO, KARIM);
      before = claire.send(channelId, "before the injection");
      assertThat(hugoTablet.officerId()).isEqualTo(HUGO);
    }
    // The operator stops the server, adds Javier (who has published keys) to the member table
    // from the channel's first event on, with a membership event no one signed, and restarts.
    server.stop();
    ChannelEvent injected;
    try (ServerDatabase db = ServerDatabase.of(server)) {
      db.injectMember(channelId, JAVIER, 1);
      injected = db.appendEvent(channelId, ChannelEvent.newBuilder().setActor(CLAIRE)
          .setMemberAdded(MemberAdded.newBuilder().setOfficerId(JAVIER)
              .setRole(MemberRole.MEMBER_ROLE_MEMBER)));
    } finally {
      server.start();
    }
    Participant claire = participant(CLAIRE);
    Participant javier = participant(JAVIER);
    VerifiedBundle javiersDevice = Forgery.devicesOf(claire, List.of(JAVIER)).get(0);

    // The server now lists Javier as a member and insists that messages be sealed for him too.
    assertThat(get(claire.channels().members(channelId)))
        .extracting(member -> member.getOfficerId()).contains(JAVIER);
    Envelope honest = Forgery.seal(Forgery.header(channelId, claire, 0).build(), "honest",
        Forgery.devicesOf(claire, List.of(CLAIRE, HUGO, KARIM)), claire);
    Throwable refused = failure(claire.client().request(ClientFrame.newBuilder()
        .setSendMessage(SendMessage.newBuilder().setEnvelope(honest))));
    assertThat(((ServerRefusedException) refused).code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refs(((ServerRefusedException) refused).error().getExpectedRecipientsList()))
        .contains(JAVIER + "/" + javiersDevice.deviceId());

    // The signed chain does not make him a member: he is reported, never verified.
    ChannelMembership membership = get(claire.channels().membership(channelId));
    assertThat(membership.verified().members()).containsExactlyInAnyOrder(CLAIRE, HUGO, KARIM);
    assertThat(membership.serverMembers()).extracting(member -> member.getOfficerId())
        .contains(JAVIER);
    assertThat(membership.discrepancies()).containsExactly(JAVIER
        + " is listed by the server but no signed statement made them a member: ignored");

    // So the client will not encrypt to him: after refetching and retrying, nothing is sent.
    Throwable notSent = failure(claire.messages().sendText(channelId, "after the injection"));
    assertThat(notSent).isInstanceOf(RecipientsDisagreeException.class)
        .hasMessageContaining(JAVIER + "/" + javiersDevice.deviceId())
        .hasMessageContaining("the signed membership of " + channelId);
    assertThat(refs(((RecipientsDisagreeException) notSent).serverExpected()))
        .contains(JAVIER + "/" + javiersDevice.deviceId());
    List<ChannelEvent> stored = get(claire.messages().history(channelId, 0, 100)).getEventsList();
    assertThat(stored).filteredOn(ChannelEvent::hasMessage).singleElement()
        .satisfies(event -> assertThat(event.getSeq()).isEqualTo(before));

    // The server shows Javier everything since the channel began; he can read none of it.
    List<ChannelEvent> shownToJavier =
        get(javier.messages().history(channelId, 0, 100)).getEventsList();
    assertThat(shownToJavier).filteredOn(ChannelEvent::hasMessage).isNotEmpty()
        .allSatisfy(event -> {
      assertThat(event.getMessage().getWrapsList()).extracting(KeyWrap::getOfficerId)
          .doesNotContain(JAVIER);
      OpenedEvent opened = javier.open(event);
      assertThat(opened.isReadable()).isFalse();
      assertThat(opened.plaintext()).isEmpty();
    });

    // A device of a real member receives the injected event on sync: rejected, never trusted.
    try (Participant hugoTablet = Participant.connect(server.profile(HUGO)
        .withDeviceId("hugo-tablet"), true).sync()) {
      hugoTablet.awaitMessages(channelId, 1);
      assertThat(hugoTablet.texts(channelId)).containsExactly("before the injection");
      OpenedEvent fake = hugoTablet.opened(channelId).stream()
          .filter(opened -> opened.event().getSeq() == injected.getSeq()).findFirst().orElseThrow();
      assertThat(fake.verdict()).isEqualTo(Verdict.REJECTED);
      assertThat(fake.rejection()).get().isInstanceOfSatisfying(MembershipRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.UNSIGNED));
      assertThat(fake.problem()).startsWith("unsigned membership change: ")
          .contains("carries no signed statement");
      assertThat(hugoTablet.opened(channelId)).filteredOn(opened -> opened != fake)
          .allSatisfy(opened -> assertThat(opened.verdict()).isEqualTo(Verdict.VERIFIED));
    }
  }

  @Test
  void aStatementAlteredInTheDatabaseFailsTheChainWithABadSignature() throws Exception {
    Participant claire = participant(CLAIRE);
    Participant hugo = participant(HUGO);
    String channelId = channel(claire, "altered statement", HUGO);
    get(claire.channels().add(channelId, KARIM));
    ChannelEvent created = get(hugo.messages().history(channelId, 0, 10)).getEventsList().get(0);
    long sent = claire.send(channelId, "before the alteration");
    ChannelEvent sentEvent = get(hugo.messages().history(channelId, sent + 1, 1)).getEvents(0);

    // The server rewrites statement 1 so that it added Javier instead of Karim.
    try (ServerDatabase db = ServerDatabase.of(server)) {
      SignedStatement original = db.statement(channelId, 1);
      MembershipStatement altered =
          MembershipChain.parse(original).toBuilder().setAdd(JAVIER).build();
      db.rewriteStatement(channelId, 1, original.toBuilder()
          .setStatement(altered.toByteString()).build());
    }

    MembershipRejectedException broken = chainFailure(hugo.channels().membership(channelId));
    assertThat(broken.reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(broken).hasMessage("bad signature: statement 1 of channel " + channelId
        + " does not verify with the key of " + CLAIRE + "/" + claire.device().deviceId());
    // Nothing can be sent on a chain that does not verify (by a client that has not verified it
    // before: one that did keeps to the members it verified), and nothing received is trusted.
    try (Participant claireAgain = Participant.connect(server, CLAIRE)) {
      assertThat(chainFailure(claireAgain.messages().sendText(channelId, "after")).reason())
          .isEqualTo(Reason.BAD_SIGNATURE);
    }
    MessageOpener opener = new MessageOpener(hugo.channels(), hugo.keys(), hugo.device(),
        SeenMessages.inMemory());
    for (ChannelEvent event : List.of(created, sentEvent)) {
      OpenedEvent opened = get(opener.open(event));
      assertThat(opened.verdict()).isEqualTo(Verdict.REJECTED);
      assertThat(opened.rejection()).get().isInstanceOfSatisfying(MembershipRejectedException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
      assertThat(opened.problem()).startsWith("bad signature: statement 1 of channel ");
    }
  }

  @Test
  void aStatementDroppedFromTheChainBreaksIt() throws Exception {
    Participant claire = participant(CLAIRE);
    String channelId = channel(claire, "dropped statement", HUGO);
    get(claire.channels().add(channelId, KARIM));
    get(claire.channels().remove(channelId, KARIM));

    // Hiding that Karim was ever added: statement 1 disappears.
    try (ServerDatabase db = ServerDatabase.of(server)) {
      db.deleteStatement(channelId, 1);
    }

    MembershipRejectedException broken = chainFailure(claire.channels().membership(channelId));
    assertThat(broken.reason()).isEqualTo(Reason.BROKEN_CHAIN);
    assertThat(broken).hasMessage("broken chain: statement 1 of channel " + channelId
        + " claims index 2");
  }

  @Test
  void aChangeSignedByANonSupervisorIsRefusedByTheServerAndByEveryClient() throws Exception {
    Participant claire = participant(CLAIRE);
    Participant hugo = participant(HUGO);
    String channelId = channel(claire, "supervised", HUGO);

    // The server refuses it...
    assertThat(refusal(hugo.channels().add(channelId, JAVIER)))
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(refusal(hugo.channels().create("mine", "", List.of(KARIM))))
        .isEqualTo(ErrorCode.PERMISSION_DENIED);

    // ...and a server that stored it anyway would not fool the clients.
    VerifiedMembership head = get(claire.channels().membership(channelId)).verified();
    SignedStatement byHugo = MembershipChain.sign(MembershipChain.next(head, hugo.device(),
        Instant.now()).setAdd(JAVIER).build(), hugo.device());
    try (ServerDatabase db = ServerDatabase.of(server)) {
      db.appendStatement(channelId, head.headIndex() + 1, byHugo, MembershipChain.linkHash(byHugo),
          db.lastSeq(channelId));
    }
    MembershipRejectedException refused = chainFailure(claire.channels().membership(channelId));
    assertThat(refused.reason()).isEqualTo(Reason.NOT_AUTHORISED);
    assertThat(refused).hasMessage("not authorised: statement 1 of channel " + channelId
        + " is signed by " + HUGO + ", who is not a supervisor of the channel");
  }

  @Test
  void theServerRefusesStatementsNotSignedByTheConnectedDeviceOrNotFollowingTheChain()
      throws Exception {
    Participant claire = participant(CLAIRE);
    Participant hugo = participant(HUGO);
    String channelId = channel(claire, "statement checks", HUGO);
    VerifiedMembership head = get(claire.channels().membership(channelId)).verified();
    MembershipStatement addKarim =
        MembershipChain.next(head, claire.device(), Instant.now()).setAdd(KARIM).build();

    // Claire's connection sends a statement naming Hugo as its actor, signed by Hugo's device.
    SignedStatement hugos = MembershipChain.sign(MembershipChain.next(head, hugo.device(),
        Instant.now()).setAdd(KARIM).build(), hugo.device());
    assertThat(change(claire, channelId, hugos)).satisfies(refused -> {
      assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
      assertThat(refused.getMessage()).startsWith("a statement is signed by the connected officer's"
          + " connected device: its actor must be " + CLAIRE);
    });
    // Claire's statement signed with Hugo's keys: not her device's published keys.
    assertThat(change(claire, channelId, MembershipChain.sign(addKarim, hugo.device())
        .toBuilder().setSigner(hugo.device().bundle()).build()).code())
        .isEqualTo(ErrorCode.KEYS_REQUIRED);
    // Claire's statement with its signature altered.
    SignedStatement signed = MembershipChain.sign(addKarim, claire.device());
    assertThat(change(claire, channelId, signed.toBuilder()
        .setSignature(Forgery.flip(signed.getSignature())).build()).code())
        .isEqualTo(ErrorCode.INVALID_SIGNATURE);
    // Claire's statement that does not follow the chain's newest statement.
    MembershipStatement stale = addKarim.toBuilder().setIndex(head.headIndex() + 2).build();
    assertThat(change(claire, channelId, MembershipChain.sign(stale, claire.device())))
        .satisfies(refused -> {
          assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
          assertThat(refused.getMessage()).contains("its newest statement is " + head.headIndex());
        });
    // A creation whose members list the creator: refused as malformed.
    SignedStatement selfListed = MembershipChain.sign(MembershipChain.createGroup(
        MembershipChain.newChannelId(), "self", "", List.of(CLAIRE, HUGO), claire.device(),
        Instant.now()), claire.device());
    assertThat(refusal(claire.client().request(ClientFrame.newBuilder().setCreateChannel(
        CreateChannel.newBuilder().setStatement(selfListed)))))
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);

    // None of it changed the channel: the genuine statement still goes through.
    assertThat(get(claire.channels().membership(channelId)).verified().headIndex()).isZero();
    assertThat(get(claire.client().request(ClientFrame.newBuilder().setChangeMembership(
        ChangeMembership.newBuilder().setChannelId(channelId).setStatement(signed))))
        .getEventAccepted().getSeq()).isPositive();
    assertThat(get(claire.channels().membership(channelId)).verified().members())
        .containsExactlyInAnyOrder(CLAIRE, HUGO, KARIM);
  }

  @Test
  void addPromoteRemoveAndArchiveAreSignedAndTheChainProvesEachStep() throws Exception {
    Participant claire = participant(CLAIRE);
    Participant hugo = device(HUGO, "hugo-round-trip").sync();
    Participant karim = participant(KARIM);
    String channelId = channel(claire, "round trip", HUGO);

    get(claire.channels().add(channelId, KARIM));
    assertThat(get(karim.channels().membership(channelId)).verified().members())
        .containsExactlyInAnyOrder(CLAIRE, HUGO, KARIM);
    get(claire.channels().promote(channelId, HUGO));
    // Hugo, now a supervisor, signs changes himself.
    get(hugo.channels().add(channelId, LUCIA));
    get(hugo.channels().remove(channelId, KARIM));
    long last = hugo.send(channelId, "after the changes");
    get(claire.channels().archive(channelId));

    ChannelMembership membership = get(claire.channels().membership(channelId));
    VerifiedMembership chain = membership.verified();
    assertThat(chain.headIndex()).isEqualTo(5);
    assertThat(chain.members()).containsExactlyInAnyOrder(CLAIRE, HUGO, LUCIA);
    assertThat(chain.supervisors()).containsExactlyInAnyOrder(CLAIRE, HUGO);
    assertThat(chain.archived()).isTrue();
    assertThat(chain.membersAt(1)).containsExactlyInAnyOrder(CLAIRE, HUGO, KARIM);
    assertThat(membership.discrepancies()).isEmpty();
    // The removed member can no longer ask; the message after the changes was sealed for exactly
    // the members the chain proves.
    assertThat(refusal(karim.channels().membership(channelId)))
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    ChannelEvent message = get(claire.messages().history(channelId, last + 1, 1)).getEvents(0);
    assertThat(message.getMessage().getWrapsList()).extracting(KeyWrap::getOfficerId)
        .containsOnly(CLAIRE, HUGO, LUCIA).contains(CLAIRE, HUGO, LUCIA);
    assertThat(message.getMessage().getHeader().getMembershipIndex()).isEqualTo(4);
    // Every event Hugo's device received verifies: each change carries its signed statement.
    hugo.awaitMessages(channelId, 1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> hugo.events(channelId).stream().anyMatch(ChannelEvent::hasArchived));
    assertThat(hugo.opened(channelId)).allSatisfy(opened ->
        assertThat(opened.verdict()).as(opened.problem()).isEqualTo(Verdict.VERIFIED));
    assertThat(hugo.texts(channelId)).containsExactly("after the changes");
    // The creator's view of the whole stream: the creation and each of the five changes carry
    // their signed statement (the initial members' events are backed by the creation).
    List<ChannelEvent> all = get(claire.messages().history(channelId, 0, 100)).getEventsList();
    assertThat(all).filteredOn(event -> !event.hasMessage()
        && !(event.hasMemberAdded() && !event.hasStatement()))
        .hasSize(6).allMatch(ChannelEvent::hasStatement);
    assertThat(all).allSatisfy(event ->
        assertThat(claire.open(event).verdict()).isEqualTo(Verdict.VERIFIED));
  }
}
