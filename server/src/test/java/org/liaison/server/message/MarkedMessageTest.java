package org.liaison.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.AuditRead;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MessageStatus;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.Receipt;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;
import org.liaison.server.testing.ThreeNations;

/**
 * Markings on messages, on the real services and a real H2 file, with officers of three nations
 * (FR, MA, ES) and three clearances: what is refused with which code, and that a stored message
 * is never pushed, synced, listed in history or counted for an officer who may not see it, while
 * that officer's delivery still moves on past it.
 */
class MarkedMessageTest {
  private static final Markings CONFIDENTIAL_FR_MA = marking(
      Classification.CLASSIFICATION_CONFIDENTIAL, "FR,MA");
  private static final Markings SECRET_FR_MA = marking(Classification.CLASSIFICATION_SECRET,
      "FR,MA");
  private static final Markings UNCLASSIFIED_FR_MA = marking(
      Classification.CLASSIFICATION_UNCLASSIFIED, "FR,MA");
  private static final Markings RESTRICTED_ALL = marking(Classification.CLASSIFICATION_RESTRICTED,
      "ALL");

  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private MessageService messages;
  /** FR, cleared SECRET, supervisor. */
  private TestDevice anne;
  /** MA, cleared CONFIDENTIAL. */
  private TestDevice karim;
  /** ES, no clearance in her certificate: UNCLASSIFIED. */
  private TestDevice sofia;
  private String channel;

  @BeforeEach
  void channelOfThreeNations() {
    messages = world.messages(100);
    ThreeNations officers = ThreeNations.in(world);
    anne = officers.anne();
    karim = officers.karim();
    sofia = officers.sofia();
    channel = officers.channel();
  }

  private static Markings marking(Classification classification, String releasable) {
    return org.liaison.markings.Markings.of(classification, releasable,
        Precedence.PRECEDENCE_ROUTINE);
  }

  private Envelope sealed(TestDevice sender, Markings markings, TestDevice... recipients) {
    long index = world.members(sender, channel).getChainCount() - 1;
    return world.envelope(sender, channel, index, List.of(recipients), markings);
  }

  private long send(TestDevice sender, Markings markings, TestDevice... recipients) {
    return await(messages.send(sender.session(), sealed(sender, markings, recipients))).getSeq();
  }

  private LiaisonException refused(TestDevice sender, Envelope envelope) {
    return refusal(() -> messages.send(sender.session(), envelope));
  }

  private static List<Long> seqs(List<ChannelEvent> events) {
    return events.stream().map(ChannelEvent::getSeq).toList();
  }

  /** What a sync of the device would push now in the channel, after its acknowledged cursor. */
  private List<Long> synced(TestDevice device) {
    DeliveryReader reader = world.deliveryReader();
    OfficerId officer = device.officer().id();
    Map<ChannelId, Long> from = await(reader.startingPoints(officer, device.deviceId())).after();
    return seqs(await(reader.next(officer, from, 128)).get(new ChannelId(channel)));
  }

  // ---------------------------------------------------------------------------------------------
  // Refusals

  @Test
  void aHeaderWithoutMarkingsIsRefused() {
    Envelope good = sealed(anne, org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);
    Envelope unmarked = good.toBuilder()
        .setHeader(good.getHeader().toBuilder().clearMarkings()).build();

    LiaisonException refused = refused(anne, unmarked);

    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("no markings");
  }

  @Test
  void malformedMarkingsAreRefusedSayingWhy() {
    Markings unsorted = Markings.newBuilder()
        .setClassification(Classification.CLASSIFICATION_UNCLASSIFIED)
        .addReleasableTo("MA").addReleasableTo("FR")
        .setPrecedence(Precedence.PRECEDENCE_ROUTINE).build();
    Markings noClassification = org.liaison.markings.Markings.DEFAULT.toBuilder()
        .clearClassification().build();

    LiaisonException unsortedRefused = refused(anne, sealed(anne, unsorted, anne, karim));
    LiaisonException unclassifiedRefused = refused(anne,
        sealed(anne, noClassification, anne, karim, sofia));

    assertThat(unsortedRefused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(unsortedRefused.getMessage()).contains("sorted");
    assertThat(unclassifiedRefused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(unclassifiedRefused.getMessage()).contains("no classification");
  }

  @Test
  void aClassificationAboveTheChannelsCeilingIsRefused() {
    channel = world.createGroup(anne, Classification.CLASSIFICATION_CONFIDENTIAL, karim)
        .getChannelId();

    LiaisonException refused = refused(anne, sealed(anne, SECRET_FR_MA, anne));

    assertThat(refused.code()).isEqualTo(ErrorCode.ABOVE_CEILING);
    assertThat(refused.getMessage()).contains("CONFIDENTIAL");
    assertThat(send(anne, CONFIDENTIAL_FR_MA, anne, karim)).isPositive();
  }

  @Test
  void aChannelWithoutACeilingTakesUnclassifiedOnly() {
    channel = world.createGroup(anne, karim).getChannelId();

    assertThat(refused(anne, sealed(anne, RESTRICTED_ALL, anne, karim)).code())
        .isEqualTo(ErrorCode.ABOVE_CEILING);
  }

  @Test
  void aSenderCannotMarkWhatTheyMayNotSeeThemselves() {
    LiaisonException aboveClearance = refused(karim, sealed(karim, SECRET_FR_MA, anne, karim));
    LiaisonException notTheirNation = refused(karim, sealed(karim,
        marking(Classification.CLASSIFICATION_UNCLASSIFIED, "FR"), anne));

    assertThat(aboveClearance.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(notTheirNation.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
  }

  @Test
  void aWrapForAnOfficerOfANonReleasableNationIsRefusedNamingThem() {
    LiaisonException refused = refused(anne, sealed(anne, UNCLASSIFIED_FR_MA, anne, karim, sofia));

    assertThat(refused.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(refused.getMessage()).contains(sofia.officerId()).doesNotContain(karim.officerId());
  }

  @Test
  void aWrapForAnUnderClearedOfficerIsRefusedNamingThem() {
    LiaisonException secret = refused(anne, sealed(anne, SECRET_FR_MA, anne, karim));
    LiaisonException restricted = refused(anne, sealed(anne, RESTRICTED_ALL, anne, karim, sofia));

    assertThat(secret.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(secret.getMessage()).contains(karim.officerId());
    assertThat(restricted.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(restricted.getMessage()).contains(sofia.officerId());
  }

  @Test
  void theNotReleasableCheckComesBeforeTheExactRecipientsCheck() {
    // Karim is missing too (MEMBERSHIP_CHANGED), but sealing for Sofia is the graver fault.
    LiaisonException refused = refused(anne, sealed(anne, UNCLASSIFIED_FR_MA, anne, sofia));

    assertThat(refused.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
  }

  @Test
  void theExpectedRecipientsAreOnlyTheDevicesOfThoseWhoMaySeeTheMarkings() {
    TestDevice annePhone = world.device("fr-pn.anne.martin", "phone");

    LiaisonException confidential = refused(anne, sealed(anne, CONFIDENTIAL_FR_MA, anne));
    LiaisonException secret = refused(anne, sealed(anne, SECRET_FR_MA, anne));

    assertThat(confidential.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(confidential.recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anne, annePhone, karim));
    assertThat(secret.code()).isEqualTo(ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(secret.recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anne, annePhone));
  }

  @Test
  void aMessageSealedForExactlyThoseWhoMaySeeItIsStored() {
    long secret = send(anne, SECRET_FR_MA, anne);
    long confidential = send(anne, CONFIDENTIAL_FR_MA, anne, karim);

    assertThat(confidential).isEqualTo(secret + 1);
  }

  // ---------------------------------------------------------------------------------------------
  // Never delivered to who may not see it

  @Test
  void aMarkedMessageIsPushedOnlyToTheMembersWhoMaySeeIt() {
    send(anne, CONFIDENTIAL_FR_MA, anne, karim);
    ChannelEvent stored = world.published.get(world.published.size() - 1);

    assertThat(stored.hasMessage()).isTrue();
    assertThat(world.audienceOf(stored)).containsExactlyInAnyOrder(anne.officer().id(),
        karim.officer().id());
  }

  @Test
  void aMarkedMessageIsNeitherSyncedNorInTheHistoryOfAMemberWhoMayNotSeeIt() {
    long shared = send(anne, org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);
    long confidential = send(anne, CONFIDENTIAL_FR_MA, anne, karim);
    long secret = send(anne, SECRET_FR_MA, anne);

    assertThat(seqs(world.history(sofia, channel))).contains(shared)
        .doesNotContain(confidential, secret);
    assertThat(synced(sofia)).contains(shared).doesNotContain(confidential, secret);
    assertThat(seqs(world.history(karim, channel))).contains(shared, confidential)
        .doesNotContain(secret);
    assertThat(synced(karim)).contains(shared, confidential).doesNotContain(secret);
    assertThat(seqs(world.history(anne, channel))).contains(shared, confidential, secret);
    assertThat(synced(anne)).contains(shared, confidential, secret);
  }

  @Test
  void membershipEventsStayVisibleToEveryMember() {
    List<Long> before = seqs(world.history(sofia, channel));
    long secret = send(anne, SECRET_FR_MA, anne);

    long added = world.add(anne, channel, world.device("fr-pn.luc.bernard", "phone")).getSeq();

    assertThat(before).isNotEmpty();
    assertThat(seqs(world.history(sofia, channel))).containsSubsequence(before)
        .contains(added).doesNotContain(secret);
    assertThat(synced(sofia)).contains(added).doesNotContain(secret);
  }

  @Test
  void theStatusCountsOnlyWhoMaySeeTheMessageAndIsNotFoundForOthers() {
    long confidential = send(anne, CONFIDENTIAL_FR_MA, anne, karim);

    MessageStatus status = await(messages.status(anne.officer(), channel, confidential));

    assertThat(status.getRecipients()).isEqualTo(1);
    assertThat(status.getReceiptsList()).extracting(Receipt::getOfficerId)
        .containsExactly(karim.officerId());
    assertThat(refusal(() -> messages.status(sofia.officer(), channel, confidential)).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void theCursorOfAMemberWhoMayNotSeeAMessageMovesPastIt() {
    long before = send(anne, org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);
    await(messages.ack(sofia.session(), channel, before, false, false));
    long hidden = send(anne, CONFIDENTIAL_FR_MA, anne, karim);
    long after = send(anne, org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);

    // The hidden message neither blocks nor appears: the next visible one comes straight after.
    assertThat(synced(sofia)).containsExactly(after);

    await(messages.ack(sofia.session(), channel, after, false, false));
    assertThat(synced(sofia)).as("nothing is redelivered").isEmpty();

    long hiddenAgain = send(anne, SECRET_FR_MA, anne);
    long later = send(anne, org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);
    assertThat(synced(sofia)).containsExactly(later);
    assertThat(synced(karim)).contains(hidden, after, later).doesNotContain(hiddenAgain);
  }

  // ---------------------------------------------------------------------------------------------
  // Auditors follow the same rule

  @Test
  void auditorsAreExpectedRecipientsOnlyOfWhatTheyMaySee() {
    TestDevice paul = world.device("fr-pn.paul.roux", "audit", "auditor");
    TestDevice nadia = world.device("ma-dgsn.nadia.elamrani", "audit",
        Classification.CLASSIFICATION_CONFIDENTIAL, "auditor");
    TestDevice elena = world.device("es-pn.elena.ruiz", "audit",
        Classification.CLASSIFICATION_SECRET, "auditor");

    LiaisonException expected = refused(anne, sealed(anne, CONFIDENTIAL_FR_MA, anne, karim));
    LiaisonException sealedForPaul = refused(anne, sealed(anne, CONFIDENTIAL_FR_MA, anne, karim,
        nadia, paul));
    LiaisonException sealedForElena = refused(anne, sealed(anne, CONFIDENTIAL_FR_MA, anne, karim,
        nadia, elena));
    long confidential = send(anne, CONFIDENTIAL_FR_MA, anne, karim, nadia);

    assertThat(expected.recipientDetails().orElseThrow().expectedRecipients())
        .containsExactlyElementsOf(refs(anne, karim, nadia));
    assertThat(sealedForPaul.code()).as("under-cleared auditor")
        .isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(sealedForElena.code()).as("auditor of a nation not releasable")
        .isEqualTo(ErrorCode.NOT_RELEASABLE);
    var auditors = world.auditService();
    assertThat(seqs(await(auditors.read(nadia.session(),
        AuditRead.newBuilder().setChannelId(channel).build())).getEventsList()))
        .containsExactly(confidential);
    assertThat(await(auditors.read(paul.session(),
        AuditRead.newBuilder().setChannelId(channel).build())).getEventsList()).isEmpty();
  }

  @Test
  void theAuditEntryOfAStoredMessageNamesItsMarkings() throws Exception {
    send(anne, CONFIDENTIAL_FR_MA, anne, karim);

    assertThat(storedMessageDetails()).anySatisfy(details ->
        assertThat(details).contains("markings=CONFIDENTIAL // REL FR, MA"));
  }

  // ---------------------------------------------------------------------------------------------
  // Rows from before markings

  @Test
  void eventsStoredBeforeMarkingsAreVisibleToEveryMember() throws Exception {
    long old = send(anne, CONFIDENTIAL_FR_MA, anne, karim);
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE channel_events SET classification = NULL, releasable_to = NULL WHERE seq = ?")) {
      ps.setLong(1, old);
      ps.executeUpdate();
    }

    assertThat(seqs(world.history(sofia, channel))).contains(old);
    assertThat(synced(sofia)).contains(old);
  }

  private List<String> storedMessageDetails() throws Exception {
    List<String> details = new ArrayList<>();
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT details FROM audit_log WHERE action = 'message.stored'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        details.add(rs.getString(1));
      }
    }
    return details;
  }

  private static List<DeviceRef> refs(TestDevice... devices) {
    return Stream.of(devices).map(TestDevice::ref).toList();
  }
}
