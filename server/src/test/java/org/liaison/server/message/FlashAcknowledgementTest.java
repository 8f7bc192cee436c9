package org.liaison.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.message.PrecedenceDeliveryTest.marking;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.FlashAcknowledgement;
import org.liaison.proto.v1.FlashEscalated;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MessageStatus;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.Receipt;
import org.liaison.server.config.ServerConfig;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;
import org.liaison.server.testing.ThreeNations;

/**
 * FLASH acknowledgement and escalation, on the real services, a real H2 file and a clock the test
 * moves: who may acknowledge what, what the sender sees, and the escalation to the supervisors and
 * the sender once the deadline passes with recipients still pending.
 */
class FlashAcknowledgementTest {
  private static final Duration DEADLINE = ServerConfig.Limits.DEFAULT_FLASH_ESCALATE_AFTER;
  private static final Markings FLASH_ALL = marking(Classification.CLASSIFICATION_UNCLASSIFIED,
      "ALL", Precedence.PRECEDENCE_FLASH);
  private static final Markings FLASH_FR_MA = marking(Classification.CLASSIFICATION_CONFIDENTIAL,
      "FR,MA", Precedence.PRECEDENCE_FLASH);

  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private MessageService messages;
  private FlashService flash;
  /** FR, cleared SECRET, supervisor. */
  private TestDevice anne;
  /** MA, cleared CONFIDENTIAL, member. */
  private TestDevice karim;
  /** ES, UNCLASSIFIED, member. */
  private TestDevice sofia;
  private String channel;

  @BeforeEach
  void channelOfThreeNations() {
    messages = world.messages(100);
    flash = world.flash();
    ThreeNations officers = ThreeNations.in(world);
    anne = officers.anne();
    karim = officers.karim();
    sofia = officers.sofia();
    channel = officers.channel();
  }

  private long send(TestDevice sender, Markings markings, TestDevice... recipients) {
    long index = world.members(sender, channel).getChainCount() - 1;
    return await(messages.send(sender.session(),
        world.envelope(sender, channel, index, List.of(recipients), markings))).getSeq();
  }

  private FlashAcknowledgement acknowledge(TestDevice officer, long seq) {
    return await(flash.acknowledge(officer.session(), channel, seq));
  }

  private ErrorCode refusedAcknowledging(TestDevice officer, long seq) {
    return refusal(() -> flash.acknowledge(officer.session(), channel, seq)).code();
  }

  private List<ChannelEvent> escalate() {
    return await(world.escalator().checkNow());
  }

  @Test
  void aRecipientAcknowledgesOnceAndTheSenderSeesWhoAndWhen() {
    long seq = send(anne, FLASH_ALL, anne, karim, sofia);
    world.clock.advance(Duration.ofSeconds(42));

    FlashAcknowledgement first = acknowledge(karim, seq);
    ChannelEvent event = world.published.get(world.published.size() - 1);
    FlashAcknowledgement again = acknowledge(karim, seq);

    assertThat(first.getDuplicate()).isFalse();
    assertThat(first.getAcknowledgedMs()).isEqualTo(world.clock.millis());
    assertThat(event.getFlashAcknowledged().getSeq()).isEqualTo(seq);
    assertThat(event.getActor()).isEqualTo(karim.officerId());
    assertThat(event.getSeq()).isEqualTo(first.getEventSeq());
    assertThat(world.audienceOf(event)).contains(anne.officer().id(), sofia.officer().id());
    assertThat(again.getDuplicate()).isTrue();
    assertThat(again.getEventSeq()).isEqualTo(first.getEventSeq());

    MessageStatus status = await(messages.status(anne.officer(), channel, seq));
    assertThat(status.getFlash()).isTrue();
    assertThat(status.getAcknowledged()).isEqualTo(1);
    assertThat(status.getReceiptsList()).extracting(Receipt::getOfficerId,
            Receipt::getAcknowledgedMs)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(karim.officerId(), first.getAcknowledgedMs()),
            org.assertj.core.groups.Tuple.tuple(sofia.officerId(), 0L));
  }

  @Test
  void onlyRecipientsAcknowledgeAndOnlyFlashMessages() {
    long seq = send(anne, FLASH_FR_MA, anne, karim);
    long routine = send(anne, org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);

    assertThat(refusedAcknowledging(anne, seq)).as("the sender").isEqualTo(
        ErrorCode.INVALID_ARGUMENT);
    assertThat(refusedAcknowledging(sofia, seq)).as("may not see it: as if it did not exist")
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusedAcknowledging(karim, routine)).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusedAcknowledging(karim, 999)).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusedAcknowledging(karim, 0)).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void theAcknowledgementIsSeenOnlyByWhoMaySeeTheMessage() {
    long seq = send(anne, FLASH_FR_MA, anne, karim);

    acknowledge(karim, seq);

    ChannelEvent event = world.published.get(world.published.size() - 1);
    assertThat(world.audienceOf(event)).containsExactlyInAnyOrder(anne.officer().id(),
        karim.officer().id());
    assertThat(world.history(sofia, channel)).noneMatch(ChannelEvent::hasFlashAcknowledged);
  }

  @Test
  void pendingListsWhatTheOfficerHasYetToAcknowledge() {
    long forAll = send(anne, FLASH_ALL, anne, karim, sofia);
    long forFrMa = send(anne, FLASH_FR_MA, anne, karim);

    assertThat(await(flash.pending(karim.officer())).getEventsList())
        .extracting(ChannelEvent::getSeq).containsExactly(forAll, forFrMa);
    assertThat(await(flash.pending(sofia.officer())).getEventsList())
        .extracting(ChannelEvent::getSeq).containsExactly(forAll);
    assertThat(await(flash.pending(anne.officer())).getEventsList()).as("the sender").isEmpty();

    acknowledge(karim, forAll);
    assertThat(await(flash.pending(karim.officer())).getEventsList())
        .extracting(ChannelEvent::getSeq).containsExactly(forFrMa);
  }

  @Test
  void anUnacknowledgedFlashIsEscalatedToSupervisorsAndTheSenderOnceAfterTheDeadline() {
    long seq = send(karim, marking(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        Precedence.PRECEDENCE_FLASH), anne, karim, sofia);
    acknowledge(anne, seq);

    world.clock.advance(DEADLINE.minusSeconds(1));
    assertThat(escalate()).as("before the deadline").isEmpty();

    world.clock.advance(Duration.ofSeconds(2));
    List<ChannelEvent> escalated = escalate();

    assertThat(escalated).hasSize(1);
    FlashEscalated escalation = escalated.get(0).getFlashEscalated();
    assertThat(escalation.getSeq()).isEqualTo(seq);
    assertThat(escalation.getSender()).isEqualTo(karim.officerId());
    assertThat(escalation.getPendingList()).containsExactly(sofia.officerId());
    assertThat(world.audienceOf(escalated.get(0)))
        .as("the supervisor and the sender, not the pending member")
        .containsExactlyInAnyOrder(anne.officer().id(), karim.officer().id());
    assertThat(world.history(sofia, channel)).noneMatch(ChannelEvent::hasFlashEscalated);
    assertThat(world.history(karim, channel)).anyMatch(ChannelEvent::hasFlashEscalated);

    world.clock.advance(Duration.ofHours(1));
    assertThat(escalate()).as("once per message").isEmpty();
  }

  @Test
  void aFlashAcknowledgedByEveryoneInTimeIsNotEscalated() {
    long seq = send(anne, FLASH_ALL, anne, karim, sofia);
    acknowledge(karim, seq);
    acknowledge(sofia, seq);

    world.clock.advance(DEADLINE.plusMinutes(1));

    assertThat(escalate()).isEmpty();
  }

  @Test
  void theEscalationSurvivesARestartAndIsStillOnce() {
    long seq = send(anne, FLASH_ALL, anne, karim, sofia);
    world.restart();
    flash = world.flash();

    world.clock.advance(DEADLINE.plusSeconds(1));
    List<ChannelEvent> escalated = escalate();
    world.restart();

    assertThat(escalated).singleElement().satisfies(event ->
        assertThat(event.getFlashEscalated().getPendingList())
            .as("sorted").containsExactly(sofia.officerId(), karim.officerId()));
    assertThat(escalated.get(0).getFlashEscalated().getSeq()).isEqualTo(seq);
    assertThat(escalate()).isEmpty();
  }
}
