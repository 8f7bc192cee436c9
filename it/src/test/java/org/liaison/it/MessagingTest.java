package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.Messages;
import org.liaison.client.PlainTextBody;
import org.liaison.client.SentMessage;
import org.liaison.client.ServerRefusedException;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelInfo;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.MessageAccepted;

/** Channels and store-and-forward messaging through the real client library. */
class MessagingTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  static final String CLAIRE = "fr-pn.claire.martin";   // supervisor
  static final String HUGO = "fr-pn.hugo.lefevre";
  static final String KARIM = "ma-dgsn.karim.benali";
  static final String LUCIA = "es-cnp.lucia.garcia";    // supervisor
  static final String JAVIER = "es-cnp.javier.ruiz";
  static final String NADIA = "ma-dgsn.nadia.elamrani";

  @BeforeAll
  static void everyoneLogsInOnce() throws Exception {
    for (String officer : List.of(CLAIRE, HUGO, KARIM, LUCIA, JAVIER, NADIA)) {
      server.connect(officer).close();
    }
  }

  private static ChannelInfo channel(Participant supervisor, String name, String... members)
      throws Exception {
    return supervisor.channels().create(name, "test", List.of(members)).get(30, TimeUnit.SECONDS);
  }

  private static ErrorCode refusal(CompletableFuture<?> future) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> future.get(30, TimeUnit.SECONDS));
    assertThat(e.getCause()).isInstanceOf(ServerRefusedException.class);
    return ((ServerRefusedException) e.getCause()).code();
  }

  @Test
  void membersOnEveryDeviceReceiveMessagesLiveInOrder() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE).sync();
        Participant karimPhone = Participant.connect(
            server.profile(KARIM).withDeviceId("karim-phone"), true).sync();
        Participant karimLaptop = Participant.connect(
            server.profile(KARIM).withDeviceId("karim-laptop"), true).sync()) {
      ChannelInfo gate4 = channel(claire, "gate 4", KARIM);
      claire.send(gate4.getChannelId(), "sweep gate 4 before 14:00");
      claire.send(gate4.getChannelId(), "اجتماع عند البوابة ٤");

      for (Participant device : List.of(karimPhone, karimLaptop)) {
        device.awaitMessages(gate4.getChannelId(), 2);
        assertThat(device.texts(gate4.getChannelId()))
            .containsExactly("sweep gate 4 before 14:00", "اجتماع عند البوابة ٤");
        assertThat(device.events(gate4.getChannelId())).extracting(ChannelEvent::getSeq)
            .isSorted().doesNotHaveDuplicates();
      }
      // Membership is part of the stream: Karim sees that he was added, and by whom.
      assertThat(karimPhone.events(gate4.getChannelId()).get(0).getMemberAdded().getOfficerId())
          .isEqualTo(KARIM);
      assertThat(karimPhone.events(gate4.getChannelId()).get(0).getActor()).isEqualTo(CLAIRE);
    }
  }

  @Test
  void concurrentSendersGetOneTotalOrderWithEachSendersOrderKept() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE);
        Participant hugo = Participant.connect(server, HUGO);
        Participant karim = Participant.connect(server, KARIM);
        Participant javier = Participant.connect(server, JAVIER).sync()) {
      ChannelInfo ops = channel(claire, "ops concurrent", HUGO, KARIM, JAVIER);
      String id = ops.getChannelId();
      int each = 60;
      List<CompletableFuture<SentMessage>> sends = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        for (Participant sender : List.of(claire, hugo, karim)) {
          sends.add(sender.messages().sendText(id, sender.officerId() + " " + i));
        }
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(sends.stream().map(CompletableFuture::join).map(s -> s.accepted().getSeq()))
          .doesNotHaveDuplicates();

      javier.awaitMessages(id, 3 * each);
      List<ChannelEvent> events = javier.events(id);
      assertThat(events).extracting(ChannelEvent::getSeq).isSorted().doesNotHaveDuplicates();
      for (Participant sender : List.of(claire, hugo, karim)) {
        List<String> fromSender = javier.texts(id).stream()
            .filter(t -> t.startsWith(sender.officerId() + " ")).toList();
        assertThat(fromSender).containsExactlyElementsOf(IntStream.range(0, each)
            .mapToObj(i -> sender.officerId() + " " + i).toList());
      }
    }
  }

  @Test
  void offlineBacklogIsDeliveredExactlyOnceAcrossReconnects() throws Exception {
    String channelId;
    int total = 300;
    // The desk device publishes its keys before the messages are sealed, so that it can read them.
    Participant.connect(server.profile(NADIA).withDeviceId("nadia-desk"), true).close();
    try (Participant lucia = Participant.connect(server, LUCIA)) {
      channelId = channel(lucia, "backlog", NADIA).getChannelId();
      List<CompletableFuture<SentMessage>> sends = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        sends.add(lucia.messages().sendText(channelId, "report " + i));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
    List<String> seen = new ArrayList<>();
    // First connection: take part of the backlog, acknowledge it, and go away mid-stream.
    try (Participant nadia = Participant.connect(server.profile(NADIA)
        .withDeviceId("nadia-desk"), true).stopAfter(100)) {
      nadia.sync();
      nadia.awaitAcks();
      seen.addAll(nadia.texts(channelId));
    }
    assertThat(seen).hasSizeLessThan(total).isNotEmpty();
    // Second connection on the same device: everything not acknowledged, nothing twice.
    try (Participant nadia = Participant.connect(server.profile(NADIA)
        .withDeviceId("nadia-desk"), true).sync()) {
      nadia.awaitMessages(channelId, total - seen.size());
      nadia.awaitAcks();
      List<String> rest = nadia.texts(channelId);
      assertThat(rest).doesNotContainAnyElementsOf(seen);
      seen.addAll(rest);
    }
    assertThat(seen).containsExactlyElementsOf(
        IntStream.range(0, total).mapToObj(i -> "report " + i).toList());
    // A third connection gets nothing again: all was acknowledged.
    try (Participant nadia = Participant.connect(server.profile(NADIA)
        .withDeviceId("nadia-desk"), true).sync()) {
      assertThat(nadia.texts(channelId)).isEmpty();
    }
  }

  @Test
  void retriedSendWithTheSameMessageIdIsStoredOnce() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE)) {
      String id = channel(claire, "retries", HUGO).getChannelId();
      String messageId = Messages.newMessageId();
      byte[] body = PlainTextBody.encode("only once");
      MessageAccepted first = claire.messages()
          .send(id, messageId, body, PlainTextBody.CONTENT_TYPE).get(30, TimeUnit.SECONDS)
          .accepted();
      MessageAccepted retry = claire.messages()
          .send(id, messageId, body, PlainTextBody.CONTENT_TYPE).get(30, TimeUnit.SECONDS)
          .accepted();
      assertThat(first.getDuplicate()).isFalse();
      assertThat(retry.getDuplicate()).isTrue();
      assertThat(retry.getSeq()).isEqualTo(first.getSeq());
      var history = claire.messages().history(id, 0, 100).get(30, TimeUnit.SECONDS);
      assertThat(history.getEventsList().stream().filter(ChannelEvent::hasMessage)).hasSize(1);
    }
  }

  @Test
  void nonMembersCannotSendReadHistoryOrListMembers() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE);
        Participant javier = Participant.connect(server, JAVIER)) {
      String id = channel(claire, "closed door", HUGO).getChannelId();
      claire.send(id, "not for Javier");
      assertThat(refusal(javier.messages().sendText(id, "let me in")))
          .isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(refusal(javier.messages().history(id, 0, 10))).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(refusal(javier.channels().members(id))).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(javier.channels().list(true).get(30, TimeUnit.SECONDS))
          .extracting(ChannelInfo::getChannelId).doesNotContain(id);
    }
  }

  @Test
  void onlySupervisorsCreateChannelsAndChangeMembership() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE);
        Participant hugo = Participant.connect(server, HUGO)) {
      assertThat(refusal(hugo.channels().create("mine", "", List.of())))
          .isEqualTo(ErrorCode.PERMISSION_DENIED);
      String id = channel(claire, "supervised", HUGO).getChannelId();
      assertThat(refusal(hugo.channels().add(id, KARIM))).isEqualTo(ErrorCode.PERMISSION_DENIED);
      assertThat(refusal(hugo.channels().archive(id))).isEqualTo(ErrorCode.PERMISSION_DENIED);
      assertThat(refusal(claire.channels().add(id, HUGO))).isEqualTo(ErrorCode.CONFLICT);
      assertThat(refusal(claire.channels().add(id, "xx-nobody.at.all")))
          .isEqualTo(ErrorCode.NOT_FOUND);

      claire.channels().promote(id, HUGO).get(30, TimeUnit.SECONDS);
      hugo.channels().add(id, KARIM).get(30, TimeUnit.SECONDS);
      assertThat(claire.channels().members(id).get(30, TimeUnit.SECONDS))
          .extracting(m -> m.getOfficerId()).containsExactlyInAnyOrder(CLAIRE, HUGO, KARIM);

      claire.channels().archive(id).get(30, TimeUnit.SECONDS);
      assertThat(refusal(claire.messages().sendText(id, "too late")))
          .isEqualTo(ErrorCode.CHANNEL_ARCHIVED);
    }
  }

  @Test
  void removedMemberReceivesNothingSentAfterRemoval() throws Exception {
    try (Participant lucia = Participant.connect(server, LUCIA);
        Participant karim = Participant.connect(server, KARIM).sync()) {
      String id = channel(lucia, "removal", KARIM).getChannelId();
      lucia.send(id, "before removal");
      karim.awaitMessages(id, 1);
      long removedAt = lucia.channels().remove(id, KARIM).get(30, TimeUnit.SECONDS);
      long after = lucia.send(id, "after removal");
      // A member who stayed gets it: by then the removed member's push would have been sent.
      try (Participant javierProbe = Participant.connect(server, JAVIER)) {
        lucia.channels().add(id, JAVIER).get(30, TimeUnit.SECONDS);
        javierProbe.sync();
        long marker = lucia.send(id, "marker");
        javierProbe.awaitMessages(id, 1);
        assertThat(javierProbe.texts(id)).containsExactly("marker");
        assertThat(marker).isGreaterThan(after);
      }
      assertThat(karim.texts(id)).containsExactly("before removal");
      assertThat(karim.events(id)).extracting(ChannelEvent::getSeq).allMatch(s -> s <= removedAt);
      assertThat(refusal(karim.messages().sendText(id, "still here?")))
          .isEqualTo(ErrorCode.PERMISSION_DENIED);
      var history = karim.messages().history(id, 0, 100).get(30, TimeUnit.SECONDS);
      assertThat(history.getEventsList()).extracting(ChannelEvent::getSeq)
          .allMatch(s -> s <= removedAt);
      assertThat(history.getEventsList().get(history.getEventsCount() - 1).getMemberRemoved()
          .getOfficerId()).isEqualTo(KARIM);
    }
  }

  @Test
  void directChannelIsOpenedOnceAndCarriesMessagesBothWays() throws Exception {
    try (Participant hugo = Participant.connect(server, HUGO).sync();
        Participant karim = Participant.connect(server, KARIM).sync()) {
      ChannelInfo first = hugo.channels().openDirect(KARIM).get(30, TimeUnit.SECONDS);
      ChannelInfo again = karim.channels().openDirect(HUGO).get(30, TimeUnit.SECONDS);
      assertThat(again.getChannelId()).isEqualTo(first.getChannelId());
      String id = first.getChannelId();
      hugo.send(id, "bonjour Karim");
      karim.send(id, "مرحبا هوغو");
      hugo.awaitMessages(id, 2);
      karim.awaitMessages(id, 2);
      assertThat(hugo.texts(id)).containsExactly("bonjour Karim", "مرحبا هوغو");
      assertThat(refusal(hugo.channels().add(id, JAVIER))).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
  }

  @Test
  void senderSeesDeliveryAndReadReceipts() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE);
        Participant hugo = Participant.connect(server, HUGO).sync()) {
      String id = channel(claire, "receipts", HUGO, KARIM).getChannelId();
      long seq = claire.send(id, "please confirm");
      hugo.awaitMessages(id, 1);
      hugo.awaitAcks();
      var status = claire.messages().status(id, seq).get(30, TimeUnit.SECONDS);
      assertThat(status.getRecipients()).isEqualTo(2);
      assertThat(status.getDelivered()).isEqualTo(1);
      assertThat(status.getRead()).isZero();

      hugo.messages().ack(id, seq, true).get(30, TimeUnit.SECONDS);
      var afterRead = claire.messages().status(id, seq).get(30, TimeUnit.SECONDS);
      assertThat(afterRead.getRead()).isEqualTo(1);
      assertThat(afterRead.getReceiptsList())
          .anySatisfy(r -> {
            assertThat(r.getOfficerId()).isEqualTo(HUGO);
            assertThat(r.getRead()).isTrue();
          })
          .anySatisfy(r -> {
            assertThat(r.getOfficerId()).isEqualTo(KARIM);
            assertThat(r.getDelivered()).isFalse();
          });
    }
  }

  @Test
  void historyPagesBackwards() throws Exception {
    try (Participant lucia = Participant.connect(server, LUCIA)) {
      String id = channel(lucia, "pages").getChannelId();
      for (int i = 0; i < 25; i++) {
        lucia.send(id, "line " + i);
      }
      var newest = lucia.messages().history(id, 0, 10).get(30, TimeUnit.SECONDS);
      assertThat(newest.getMore()).isTrue();
      assertThat(newest.getEventsList().stream().map(e -> lucia.open(e).text()))
          .containsExactlyElementsOf(IntStream.range(15, 25).mapToObj(i -> "line " + i).toList());
      var older = lucia.messages().history(id, newest.getEvents(0).getSeq(), 10)
          .get(30, TimeUnit.SECONDS);
      assertThat(older.getEvents(older.getEventsCount() - 1).getSeq())
          .isEqualTo(newest.getEvents(0).getSeq() - 1);
    }
  }

  @Test
  void envelopeClaimingAnotherSenderIsRefused() throws Exception {
    try (Participant claire = Participant.connect(server, CLAIRE)) {
      String id = channel(claire, "forgery", HUGO).getChannelId();
      var forged = org.liaison.proto.v1.ClientFrame.newBuilder().setSendMessage(
          org.liaison.proto.v1.SendMessage.newBuilder().setEnvelope(
              org.liaison.proto.v1.Envelope.newBuilder().setHeader(
                  org.liaison.proto.v1.EnvelopeHeader.newBuilder().setMessageId("forged-1")
                      .setChannelId(id).setSender(HUGO)
                      .setMarkings(org.liaison.markings.Markings.DEFAULT)
                      .setSenderDevice(claire.client().welcome().getDeviceId()))));
      assertThat(refusal(claire.client().request(forged))).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
  }
}
