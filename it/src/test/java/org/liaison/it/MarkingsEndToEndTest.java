package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.AuditReader;
import org.liaison.client.OpenedEvent;
import org.liaison.client.SentMessage;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeyWrap;
import org.liaison.proto.v1.Precedence;

/**
 * Markings through the real server and client library, with officers of three nations and the
 * dev PKI's clearances (claire FR SECRET, hugo FR RESTRICTED, karim MA CONFIDENTIAL, nadia MA
 * SECRET auditor, javier ES RESTRICTED): who may not see a message never gets it, on push, sync
 * or history; the auditor of a releasable nation reads it; the server refuses above the ceiling
 * and wraps for non-releasable devices; markings changed in transit fail verification.
 */
class MarkingsEndToEndTest {
  private static final String CLAIRE = "fr-pn.claire.martin";
  private static final String HUGO = "fr-pn.hugo.lefevre";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String NADIA = "ma-dgsn.nadia.elamrani";
  private static final String JAVIER = "es-cnp.javier.ruiz";

  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static Participant claire;
  private static Participant hugo;
  private static Participant karim;
  private static Participant nadia;
  private static Participant javier;
  private static String channel;

  @BeforeAll
  static void aSecretChannelOfThreeNations() throws Exception {
    nadia = participant(NADIA);
    hugo = participant(HUGO);
    karim = participant(KARIM);
    javier = participant(JAVIER);
    claire = participant(CLAIRE);
    channel = newChannel("gate-4-confidential");
  }

  /** A channel of claire (supervisor), hugo, karim and javier with ceiling CONFIDENTIAL. */
  private static String newChannel(String name) throws Exception {
    return claire.channels().create(name, "", List.of(HUGO, KARIM, JAVIER),
            Classification.CLASSIFICATION_CONFIDENTIAL, Markings.DEFAULT)
        .get(30, TimeUnit.SECONDS).getChannelId();
  }

  private static Participant participant(String officer) throws Exception {
    Participant participant = Participant.connect(server, officer);
    server.track(participant.client());
    return participant;
  }

  @Test
  void onlyThoseWhoMaySeeAMessageEverReceiveIt() throws Exception {
    String channel = newChannel("convoy");
    org.liaison.proto.v1.Markings confidentialFrMa = Markings.of(
        Classification.CLASSIFICATION_CONFIDENTIAL, "FR,MA", Precedence.PRECEDENCE_ROUTINE);
    SentMessage sent = claire.messages().sendText(channel, "convoy route B", Optional.of(confidentialFrMa))
        .get(30, TimeUnit.SECONDS);
    long after = claire.send(channel, "everyone: briefing at 15:00");

    // Hugo (FR, RESTRICTED: clearance too low) and Javier (ES: not releasable) are left out, and
    // told so before sending; Nadia, MA auditor cleared SECRET, is an audit recipient.
    assertThat(sent.excluded()).extracting(e -> e.officerId()).containsExactlyInAnyOrder(HUGO, JAVIER);
    assertThat(sent.auditedBy()).containsExactly(NADIA + " (ma-dgsn, MA)");

    karim.sync().awaitMessages(channel, 2);
    assertThat(karim.texts(channel)).containsExactly("convoy route B", "everyone: briefing at 15:00");
    for (Participant hidden : List.of(hugo, javier)) {
      hidden.sync().awaitMessages(channel, 1);
      assertThat(hidden.texts(channel)).as(hidden.officerId() + " live and sync")
          .containsExactly("everyone: briefing at 15:00");
      List<ChannelEvent> history = hidden.messages().history(channel, 0, 50).get(30, TimeUnit.SECONDS)
          .getEventsList();
      assertThat(history).as(hidden.officerId() + " history").extracting(ChannelEvent::getSeq)
          .doesNotContain(sent.accepted().getSeq()).contains(after);
    }

    AuditReader reader = new AuditReader(nadia.client(), nadia.opener(),
        BundleVerifier.forProfile(nadia.profile(), Clock.systemUTC()), Clock.systemUTC());
    assertThat(reader.read(channel, 0, 100).get(30, TimeUnit.SECONDS).events())
        .extracting(OpenedEvent::text).contains("convoy route B");
  }

  @Test
  void theServerRefusesAboveTheCeilingAndWrapsForThoseWhoMayNotSee() throws Exception {
    long index = head();
    org.liaison.proto.v1.Markings secret = Markings.of(Classification.CLASSIFICATION_SECRET, "ALL",
        Precedence.PRECEDENCE_ROUTINE);
    Envelope aboveCeiling = Forgery.seal(Forgery.header(channel, claire, index).setMarkings(secret).build(),
        "above the ceiling", Forgery.devicesOf(claire, List.of(CLAIRE)), claire);
    assertThat(refusal(aboveCeiling)).isEqualTo(ErrorCode.ABOVE_CEILING);

    org.liaison.proto.v1.Markings restrictedFr = Markings.of(Classification.CLASSIFICATION_RESTRICTED, "FR",
        Precedence.PRECEDENCE_ROUTINE);
    List<VerifiedBundle> withJavier = new ArrayList<>(Forgery.devicesOf(claire, List.of(CLAIRE, HUGO, JAVIER)));
    Envelope toSpain = Forgery.seal(Forgery.header(channel, claire, index).setMarkings(restrictedFr).build(),
        "not for Spain", withJavier, claire);
    assertThat(refusal(toSpain)).isEqualTo(ErrorCode.NOT_RELEASABLE);
  }

  @Test
  void markingsChangedInTransitFailVerification() throws Exception {
    org.liaison.proto.v1.Markings restrictedFrMa = Markings.of(Classification.CLASSIFICATION_RESTRICTED,
        "FR,MA", Precedence.PRECEDENCE_ROUTINE);
    long seq = claire.messages().sendText(channel, "marked restricted", Optional.of(restrictedFrMa))
        .get(30, TimeUnit.SECONDS).accepted().getSeq();
    ChannelEvent stored = karim.messages().history(channel, seq + 1, 1).get(30, TimeUnit.SECONDS)
        .getEvents(0);
    assertThat(karim.open(stored).isReadable()).isTrue();

    // A server that widens the release (adds ES) or lowers the classification is caught.
    Envelope widened = stored.getMessage().toBuilder().setHeader(stored.getMessage().getHeader().toBuilder()
        .setMarkings(restrictedFrMa.toBuilder().clearReleasableTo().setReleasableToAll(true))).build();
    Envelope lowered = stored.getMessage().toBuilder().setHeader(stored.getMessage().getHeader().toBuilder()
        .setMarkings(restrictedFrMa.toBuilder().setClassification(Classification.CLASSIFICATION_UNCLASSIFIED)))
        .build();
    for (Envelope tampered : List.of(widened, lowered)) {
      OpenedEvent opened = karim.opener().open(stored.toBuilder().setSeq(seq).setMessage(tampered).build())
          .get(30, TimeUnit.SECONDS);
      assertThat(opened.isReadable()).isFalse();
      assertThat(opened.problem()).isNotEmpty();
    }
    assertThat(stored.getMessage().getWrapsList()).extracting(KeyWrap::getOfficerId)
        .doesNotContain(JAVIER);
  }

  private static long head() throws Exception {
    return claire.channels().membership(channel).get(30, TimeUnit.SECONDS).verified().headIndex();
  }

  private static ErrorCode refusal(Envelope envelope) throws Exception {
    try {
      claire.client().request(org.liaison.proto.v1.ClientFrame.newBuilder().setSendMessage(
          org.liaison.proto.v1.SendMessage.newBuilder().setEnvelope(envelope))).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ServerRefusedException.class);
      return ((ServerRefusedException) e.getCause()).code();
    }
    throw new AssertionError("the server accepted the envelope");
  }
}
