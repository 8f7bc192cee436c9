package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.ClientTls;
import org.liaison.client.SentMessage;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.proto.v1.Sync;

/** A member that stops reading holds up nobody, and catches up exactly once when it reads again. */
class SlowReaderTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  @Test
  void stalledReaderDoesNotStopOthersAndCatchesUpLater() throws Exception {
    for (String officer : List.of(MessagingTest.HUGO, MessagingTest.KARIM)) {
      server.connect(officer).close();
    }
    try (Participant claire = Participant.connect(server, MessagingTest.CLAIRE);
        Participant hugo = Participant.connect(server, MessagingTest.HUGO).sync();
        // The stalled device's keys (it reads as "raw-test"): what it catches up on is decrypted
        // with them, over this separate connection that never syncs.
        Participant karimKeys = Participant.connect(
            server.profile(MessagingTest.KARIM).withDeviceId("raw-test"), false);
        RawTlsConnection stalled = new RawTlsConnection(
            ClientTls.jdkContext(server.profile(MessagingTest.KARIM)),
            LiaisonServerExtension.HOST, server.port())) {
      String id = claire.channels().create("flood", "",
          List.of(MessagingTest.HUGO, MessagingTest.KARIM)).get(30, TimeUnit.SECONDS)
          .getChannelId();
      stalled.hello(1);
      assertThat(stalled.read().orElseThrow().hasWelcome()).isTrue();
      stalled.write(ClientFrame.newBuilder().setRequestId(2).setSync(Sync.getDefaultInstance())
          .build());
      // From here on the stalled connection reads nothing while ~12 MiB are sent to the channel.
      int count = 400;
      String padding = "x".repeat(32 * 1024);
      List<CompletableFuture<SentMessage>> sends = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        sends.add(claire.messages().sendText(id, i + " " + padding));
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      hugo.awaitMessages(id, count);

      List<Integer> caughtUp = new ArrayList<>();
      while (caughtUp.size() < count) {
        ServerFrame frame = stalled.read().orElseThrow();
        if (frame.hasEvent() && frame.getEvent().hasMessage()) {
          ChannelEvent event = frame.getEvent();
          String text = karimKeys.open(event).text();
          caughtUp.add(Integer.parseInt(text.substring(0, text.indexOf(' '))));
        }
      }
      assertThat(caughtUp).containsExactlyElementsOf(
          java.util.stream.IntStream.range(0, count).boxed().toList());
    }
  }
}
