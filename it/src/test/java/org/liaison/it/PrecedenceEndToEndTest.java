package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.liaison.it.LibraryClients.channel;
import static org.liaison.it.LibraryClients.get;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.FlashAcknowledgement;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MessageStatus;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.Receipt;

/**
 * Precedence through the real server and client library, with officers of three nations (claire
 * FR supervisor, karim MA, javier ES): a FLASH message overtakes a ROUTINE backlog when a device
 * syncs, and comes once; a FLASH message acknowledged by a person shows who and when to the sender;
 * one left unacknowledged is escalated to the supervisor and the sender (the server's deadline set
 * to one second here; the controlled-clock rules are in the server's FlashAcknowledgementTest).
 */
class PrecedenceEndToEndTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension(limits -> limits
      .withFlashEscalateAfter(Duration.ofSeconds(1)).withEscalationCheck(Duration.ofSeconds(1)));

  private static Participant claire;

  @BeforeAll
  static void officersWithPublishedKeys() throws Exception {
    // Connecting once publishes each device's keys, so messages are sealed for it.
    Participant.connect(server, KARIM).close();
    Participant.connect(server, JAVIER).close();
    claire = participant(CLAIRE).sync();
  }

  private static Participant participant(String officer) throws Exception {
    Participant participant = Participant.connect(server, officer);
    server.track(participant.client());
    return participant;
  }

  private static Markings marked(Precedence precedence) {
    return org.liaison.markings.Markings.of(Classification.CLASSIFICATION_UNCLASSIFIED, "ALL",
        precedence);
  }

  private static long send(String channel, String text, Precedence precedence) throws Exception {
    return get(claire.messages().sendText(channel, text, Optional.of(marked(precedence))))
        .accepted().getSeq();
  }

  private static List<ChannelEvent> messages(Participant participant, String channel) {
    return participant.events(channel).stream().filter(ChannelEvent::hasMessage).toList();
  }

  @Test
  void flashThenImmediateOvertakeARoutineBacklogOnSyncAndComeOnce() throws Exception {
    String channel = channel(claire, "backlog", KARIM, JAVIER);
    for (int i = 0; i < 30; i++) {
      send(channel, "routine " + i, Precedence.PRECEDENCE_ROUTINE);
    }
    long immediate = send(channel, "IMMEDIATE: roadblock on A1", Precedence.PRECEDENCE_IMMEDIATE);
    for (int i = 30; i < 35; i++) {
      send(channel, "routine " + i, Precedence.PRECEDENCE_ROUTINE);
    }
    long flash = send(channel, "FLASH: shots fired at gate 4", Precedence.PRECEDENCE_FLASH);

    Participant karim = participant(KARIM).sync();
    karim.awaitMessages(channel, 37);
    karim.awaitAcks();

    List<ChannelEvent> arrived = messages(karim, channel);
    assertThat(arrived).extracting(ChannelEvent::getSeq).as("FLASH, then IMMEDIATE, then in order")
        .startsWith(flash, immediate).hasSize(37).doesNotHaveDuplicates();
    assertThat(arrived.subList(0, 2)).allMatch(ChannelEvent::getAhead);
    assertThat(arrived.subList(2, 37)).noneMatch(ChannelEvent::getAhead);
    assertThat(karim.texts(channel).get(0)).isEqualTo("FLASH: shots fired at gate 4");
    assertThat(karim.redeliveries()).isZero();
    karim.close();

    Participant again = participant(KARIM).sync();
    assertThat(again.events(channel)).as("everything was acknowledged, ahead or in order")
        .isEmpty();
  }

  @Test
  void theSenderSeesWhoAcknowledgedAFlashAndWhen() throws Exception {
    String channel = channel(claire, "acknowledged", KARIM, JAVIER);
    long flash;
    FlashAcknowledgement done;
    try (Participant karim = participant(KARIM).sync()) {
      flash = send(channel, "FLASH: evacuate hall B", Precedence.PRECEDENCE_FLASH);
      karim.awaitMessages(channel, 1);
      done = get(karim.messages().acknowledgeFlash(channel, flash));
      assertThat(get(karim.messages().pendingFlash()).getEventsList())
          .noneMatch(e -> e.getChannelId().equals(channel));
    }

    await("claire seeing karim's acknowledgement").atMost(LibraryClients.WAIT).until(() ->
        claire.events(channel).stream().anyMatch(e -> e.hasFlashAcknowledged()
            && e.getFlashAcknowledged().getSeq() == flash && e.getActor().equals(KARIM)));
    MessageStatus status = get(claire.messages().status(channel, flash));
    assertThat(status.getFlash()).isTrue();
    assertThat(status.getAcknowledged()).isEqualTo(1);
    assertThat(status.getReceiptsList()).filteredOn(r -> r.getOfficerId().equals(KARIM))
        .extracting(Receipt::getAcknowledgedMs).containsExactly(done.getAcknowledgedMs());
    try (Participant javier = participant(JAVIER)) {
      assertThat(get(javier.messages().pendingFlash()).getEventsList())
          .filteredOn(e -> e.getChannelId().equals(channel))
          .extracting(ChannelEvent::getSeq).containsExactly(flash);
    }
  }

  @Test
  void anUnacknowledgedFlashIsEscalatedToTheSupervisorAndTheSender() throws Exception {
    String channel = channel(claire, "escalated", KARIM, JAVIER);
    try (Participant javier = participant(JAVIER).sync()) {
      escalatedWhileJavierIsPending(channel, javier);
    }
  }

  private void escalatedWhileJavierIsPending(String channel, Participant javier) throws Exception {
    long flash = send(channel, "FLASH: suspect vehicle", Precedence.PRECEDENCE_FLASH);
    try (Participant karim = participant(KARIM)) {
      get(karim.messages().acknowledgeFlash(channel, flash));
    }

    await("claire seeing the escalation").atMost(LibraryClients.WAIT).until(() ->
        claire.events(channel).stream().anyMatch(ChannelEvent::hasFlashEscalated));

    ChannelEvent escalation = claire.events(channel).stream()
        .filter(ChannelEvent::hasFlashEscalated).findFirst().orElseThrow();
    assertThat(escalation.getFlashEscalated().getSeq()).isEqualTo(flash);
    assertThat(escalation.getFlashEscalated().getPendingList()).containsExactly(JAVIER);
    assertThat(claire.open(escalation).isVerified()).isTrue();
    javier.awaitMessages(channel, 1);
    assertThat(get(javier.messages().history(channel, 0, 100)).getEventsList())
        .as("a pending member does not see the escalation").isNotEmpty()
        .noneMatch(ChannelEvent::hasFlashEscalated);
  }
}
