package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.OpenedEvent;
import org.liaison.client.keys.DeviceKeyring;
import org.liaison.client.keys.KeyRotation;
import org.liaison.proto.v1.ChannelEvent;

/**
 * A device that rotates its keys: its earlier messages still verify (with the bundle it had
 * when it signed them, which the server keeps and serves on request), its new ones with the new
 * keys.
 */
class KeyRotationTest {
  private static final String CLAIRE = "fr-pn.claire.martin";
  private static final String KARIM = "ma-dgsn.karim.benali";

  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  @Test
  void messagesSignedBeforeARotationStillVerifyAfterIt() throws Exception {
    String channel;
    try (Participant karim = Participant.connect(server, KARIM);
        Participant claire = Participant.connect(server, CLAIRE)) {
      channel = claire.channels().create("rotation", "", List.of(karim.officerId()))
          .get(30, TimeUnit.SECONDS).getChannelId();
      claire.send(channel, "signed with the first keys");
      KeyRotation rotation = DeviceKeyring.forProfile(Participant.deviceDir(claire.client()),
          claire.profile()).rotate(claire.client()).get(30, TimeUnit.SECONDS);
      assertThat(rotation.previousFingerprint()).isPresent()
          .get().isNotEqualTo(rotation.fingerprint());
    }
    try (Participant claire = Participant.connect(server, CLAIRE)) {
      claire.send(channel, "signed with the new keys");
    }
    try (Participant karim = Participant.connect(server, KARIM)) {
      List<ChannelEvent> page = karim.messages().history(channel, 0, 50)
          .get(30, TimeUnit.SECONDS).getEventsList();
      List<OpenedEvent> messages = page.stream().filter(ChannelEvent::hasMessage)
          .map(karim::open).toList();

      assertThat(messages).extracting(OpenedEvent::problem).containsOnly("");
      assertThat(messages).extracting(OpenedEvent::text)
          .containsExactly("signed with the first keys", "signed with the new keys");
      assertThat(messages).allSatisfy(opened -> assertThat(opened.sender()).get()
          .extracting(bundle -> bundle.officerId()).isEqualTo(CLAIRE));
      assertThat(messages.get(0).sender().get().fingerprint())
          .isNotEqualTo(messages.get(1).sender().get().fingerprint());
    }
  }
}
