package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.AuditReader;
import org.liaison.client.OpenedEvent;
import org.liaison.client.SentMessage;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.proto.v1.Auditor;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskPriority;

/**
 * Transparent escrow through the real server and client library: the auditors of the members'
 * nations are visible recipients of every message, an auditor reads back exactly the bodies
 * released to their nation, and a body not released to it cannot be decrypted by them.
 */
class AuditRecipientsTest {
  private static final String CLAIRE = "fr-pn.claire.martin";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String JAVIER = "es-cnp.javier.ruiz";
  private static final String NADIA = "ma-dgsn.nadia.elamrani";

  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  @Test
  void anAuditorReadsWhatWasReleasedToTheirNationAndNothingElse() throws Exception {
    String channel;
    SentMessage toMorocco;
    SentMessage notToMorocco;
    try (Participant nadia = Participant.connect(server, NADIA);
        Participant karim = Participant.connect(server, KARIM);
        Participant javier = Participant.connect(server, JAVIER);
        Participant claire = Participant.connect(server, CLAIRE)) {
      channel = claire.channels().create("escrow", "", List.of(KARIM, JAVIER))
          .get(30, TimeUnit.SECONDS).getChannelId();
      assertThat(claire.channels().membership(channel).get(30, TimeUnit.SECONDS).serverAuditors())
          .extracting(Auditor::getOfficerId).containsExactly(NADIA);

      toMorocco = claire.messages().sendText(channel, "released to MA: gate 4 at noon")
          .get(30, TimeUnit.SECONDS);
      assertThat(toMorocco.auditedBy()).containsExactly(NADIA + " (ma-dgsn, MA)");
      karim.sync().awaitMessages(channel, 1);
      assertThat(karim.texts(channel)).containsExactly("released to MA: gate 4 at noon");
      TaskAccepted task = claire.tasks().create(channel, "escort the delegation", "via gate 4",
          JAVIER, TaskPriority.TASK_PRIORITY_NORMAL, Optional.empty(), Optional.empty())
          .get(30, TimeUnit.SECONDS);

      claire.channels().remove(channel, KARIM).get(30, TimeUnit.SECONDS);
      notToMorocco = claire.messages().sendText(channel, "not released to MA: gate 7")
          .get(30, TimeUnit.SECONDS);
      assertThat(notToMorocco.auditedBy()).isEmpty();
      javier.sync().awaitMessages(channel, 2);
      ChannelEvent hidden = javier.events(channel).stream().filter(ChannelEvent::hasMessage)
          .reduce((a, b) -> b).orElseThrow();
      assertThat(hidden.getMessage().getWrapsList()).extracting(KeyWrap::getOfficerId)
          .doesNotContain(NADIA);
      // Even holding the envelope, the auditor of a nation it was not released to cannot read it.
      OpenedEvent byNadia = nadia.open(hidden);
      assertThat(byNadia.isReadable()).isFalse();

      AuditReader reader = new AuditReader(nadia.client(), nadia.opener(),
          BundleVerifier.forProfile(nadia.profile(), Clock.systemUTC()), Clock.systemUTC());
      AuditReader.Read read = reader.read(channel, 0, 100).get(30, TimeUnit.SECONDS);
      assertThat(read.events()).extracting(e -> e.event().getSeq())
          .containsExactly(toMorocco.accepted().getSeq(), task.getSeq());
      assertThat(read.events()).extracting(OpenedEvent::problem).containsOnly("");
      assertThat(read.events()).allMatch(OpenedEvent::isReadable);
      assertThat(read.events().get(0).text()).isEqualTo("released to MA: gate 4 at noon");
      assertThat(new String(read.events().get(1).plaintext(), StandardCharsets.UTF_8))
          .contains("escort the delegation");

      AuditReader notAnAuditor = new AuditReader(javier.client(), javier.opener(),
          BundleVerifier.forProfile(javier.profile(), Clock.systemUTC()), Clock.systemUTC());
      assertThatThrownBy(() -> notAnAuditor.read(channel, 0, 10).get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOfSatisfying(ServerRefusedException.class,
              refused -> assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }
  }
}
