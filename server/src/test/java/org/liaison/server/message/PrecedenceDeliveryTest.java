package org.liaison.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.Acked;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.Receipt;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.message.DeliveryReader.Start;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;
import org.liaison.server.testing.ThreeNations;

/**
 * Precedence in delivery, on the real services and a real H2 file, with officers of three
 * nations: the urgent events a sync pushes ahead of the in-order backlog (FLASH before IMMEDIATE,
 * never one the device may not see), and acknowledging such an event alone.
 */
class PrecedenceDeliveryTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private MessageService messages;
  /** FR, cleared SECRET, supervisor. */
  private TestDevice anne;
  /** MA, cleared CONFIDENTIAL. */
  private TestDevice karim;
  /** ES, UNCLASSIFIED. */
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

  static Markings marking(Classification classification, String releasable,
      Precedence precedence) {
    return org.liaison.markings.Markings.of(classification, releasable, precedence);
  }

  private long send(Markings markings, TestDevice... recipients) {
    long index = world.members(anne, channel).getChainCount() - 1;
    return await(messages.send(anne.session(),
        world.envelope(anne, channel, index, List.of(recipients), markings))).getSeq();
  }

  private long routine() {
    return send(org.liaison.markings.Markings.DEFAULT, anne, karim, sofia);
  }

  private Start start(TestDevice device) {
    return await(world.deliveryReader().startingPoints(device.officer().id(),
        device.deviceId()));
  }

  private List<Long> urgent(TestDevice device) {
    DeliveryReader reader = world.deliveryReader();
    return await(reader.urgent(device.officer().id(), device.deviceId(), start(device).after(), 256))
        .stream()
        .map(ChannelEvent::getSeq).toList();
  }

  @Test
  void aSyncReadsFlashThenImmediateAheadOfTheRoutineBacklog() {
    for (int i = 0; i < 20; i++) {
      routine();
    }
    long immediate = send(marking(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        Precedence.PRECEDENCE_IMMEDIATE), anne, karim, sofia);
    long priority = send(marking(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        Precedence.PRECEDENCE_PRIORITY), anne, karim, sofia);
    long flash = send(marking(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        Precedence.PRECEDENCE_FLASH), anne, karim, sofia);
    routine();

    assertThat(urgent(karim)).as("FLASH first though sent last; PRIORITY is not urgent")
        .containsExactly(flash, immediate).doesNotContain(priority);
    assertThat(urgent(sofia)).containsExactly(flash, immediate);
  }

  @Test
  void anUrgentMessageTheDeviceMayNotSeeIsNeverReadAhead() {
    long flashForFrMa = send(marking(Classification.CLASSIFICATION_CONFIDENTIAL, "FR,MA",
        Precedence.PRECEDENCE_FLASH), anne, karim);

    assertThat(urgent(karim)).containsExactly(flashForFrMa);
    assertThat(urgent(sofia)).isEmpty();
  }

  @Test
  void anEventAcknowledgedAloneIsNotPushedAgainAndTheCursorStays() {
    long first = routine();
    long flash = send(marking(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        Precedence.PRECEDENCE_FLASH), anne, karim, sofia);
    long last = routine();

    Acked acked = await(messages.ack(karim.session(), channel, flash, false, true));

    ChannelId id = new ChannelId(channel);
    assertThat(acked.getDeliveredSeq()).as("the cursor does not jump the backlog").isLessThan(first);
    assertThat(start(karim).ahead()).containsEntry(id, Set.of(flash));
    assertThat(urgent(karim)).as("not read ahead again").isEmpty();
    assertThat(await(messages.status(anne.officer(), channel, flash)).getReceiptsList())
        .filteredOn(r -> r.getOfficerId().equals(karim.officerId()))
        .extracting(Receipt::getDelivered).containsExactly(true);

    await(messages.ack(karim.session(), channel, last, false, false));
    Start after = start(karim);
    assertThat(after.after()).containsEntry(id, last);
    assertThat(after.ahead()).as("the cursor covers it now").doesNotContainKey(id);
  }

  @Test
  void aSingleAcknowledgementCannotMarkRead() {
    long seq = routine();

    assertThat(refusal(() -> messages.ack(karim.session(), channel, seq, true, true)).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void theInOrderReadStillReturnsTheUrgentEventsForTheDeliveryToSkip() {
    long flash = send(marking(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        Precedence.PRECEDENCE_FLASH), anne, karim, sofia);
    long routine = routine();

    Map<ChannelId, List<ChannelEvent>> next = await(world.deliveryReader()
        .next(karim.officer().id(), start(karim).after(), 128));

    assertThat(next.get(new ChannelId(channel))).extracting(ChannelEvent::getSeq)
        .contains(flash, routine);
    assertThat(next.get(new ChannelId(channel))).noneMatch(ChannelEvent::getAhead);
  }
}
