package org.liaison.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.proto.v1.Auditor;
import org.liaison.proto.v1.AuditPage;
import org.liaison.proto.v1.AuditQuery;
import org.liaison.proto.v1.AuditRead;
import org.liaison.proto.v1.AuditReadPage;
import org.liaison.proto.v1.AuditRecord;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.CheckpointList;
import org.liaison.proto.v1.DeviceRef;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.GetCheckpoints;
import org.liaison.server.message.MessageService;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/**
 * Auditors' access on the real services and a real H2 file: only auditors are answered, every
 * request is audited, queries filter and page, and the auditors of the members' nations are
 * required recipients of every envelope, and read back only what was sealed for them.
 */
class AuditorAccessTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private MessageService messages;
  private AuditService auditors;
  private TestDevice anne;
  private TestDevice karim;
  private TestDevice nadia;
  private TestDevice paul;

  @BeforeEach
  void officersOfTwoNationsAndTheirAuditors() {
    messages = world.messages(100);
    auditors = world.auditService();
    anne = world.device("fr-pn.anne.martin", "laptop", "officer", "supervisor");
    karim = world.device("ma-dgsn.karim.benali", "desk");
    nadia = world.device("ma-dgsn.nadia.elamrani", "audit", "auditor");
    paul = world.device("fr-pn.paul.roux", "audit", "auditor");
  }

  @Test
  void aNonAuditorIsRefusedAndTheRefusalIsAudited() {
    LiaisonExceptionAssert.code(refusal(() -> auditors.query(anne.session(),
        AuditQuery.getDefaultInstance())), ErrorCode.PERMISSION_DENIED);
    LiaisonExceptionAssert.code(refusal(() -> auditors.checkpoints(karim.session(),
        GetCheckpoints.getDefaultInstance())), ErrorCode.PERMISSION_DENIED);

    AuditPage denied = await(auditors.query(nadia.session(),
        AuditQuery.newBuilder().setAction(AuditAction.AUDIT_DENIED).build()));
    assertThat(denied.getEntriesList()).extracting(AuditRecord::getActor)
        .containsExactly(anne.officerId(), karim.officerId());
    assertThat(denied.getEntries(0).getDetails()).contains("request=audit_query");
    assertThat(denied.getEntries(1).getDetails()).contains("request=get_checkpoints");
  }

  @Test
  void queriesFilterPageAndAreThemselvesAudited() {
    String channel = world.createGroup(anne, karim).getChannelId();
    for (int i = 0; i < 5; i++) {
      send(anne, channel, List.of(anne, karim, nadia, paul));
    }

    AuditQuery messagesOfChannel = AuditQuery.newBuilder().setChannelId(channel)
        .setAction("message.").setLimit(3).build();
    AuditPage first = await(auditors.query(nadia.session(), messagesOfChannel));
    assertThat(first.getEntriesList()).hasSize(3).allSatisfy(e -> {
      assertThat(e.getChannelId()).isEqualTo(channel);
      assertThat(e.getAction()).isEqualTo(AuditAction.MESSAGE_STORED);
    });
    assertThat(first.getMore()).isTrue();
    AuditPage second = await(auditors.query(nadia.session(), messagesOfChannel.toBuilder()
        .setAfterSeq(first.getEntries(2).getSeq()).build()));
    assertThat(second.getEntriesList()).hasSize(2);
    assertThat(second.getMore()).isFalse();
    assertThat(second.getEntries(0).getSeq()).isGreaterThan(first.getEntries(2).getSeq());

    AuditPage byKarim = await(auditors.query(paul.session(),
        AuditQuery.newBuilder().setOfficerId(karim.officerId()).build()));
    assertThat(byKarim.getEntriesList()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.getActor()).isEqualTo(karim.officerId()));

    AuditPage queries = await(auditors.query(paul.session(),
        AuditQuery.newBuilder().setAction(AuditAction.AUDIT_QUERY).build()));
    assertThat(queries.getEntriesList()).extracting(AuditRecord::getActor)
        .containsExactly(nadia.officerId(), nadia.officerId(), paul.officerId());
    assertThat(queries.getEntries(0).getDetails()).contains("filter_channel=" + channel,
        "filter_action=message.", "returned=3");
  }

  @Test
  void recordsAreTheStoredEntriesAndCheckpointsComeWithTheAuditCertificate() {
    world.createGroup(anne, karim);
    Checkpoint signed = await(world.audit().checkpoint(world.auditSigner())).orElseThrow();

    AuditPage page = await(auditors.query(nadia.session(), AuditQuery.newBuilder()
        .setToSeq(signed.seq()).setLimit(1000).build()));
    assertThat(page.getEntriesList()).hasSize((int) signed.seq());
    AuditRecord last = page.getEntries(page.getEntriesCount() - 1);
    AuditEntry recomputed = new AuditEntry(last.getSeq(), last.getTimeMs(), last.getActor(),
        last.getAction(), last.getChannelId(), last.getTarget(), last.getDetails(),
        last.getPrevHash().toByteArray(), last.getEntryHash().toByteArray());
    assertThat(recomputed.hashMatches()).isTrue();
    assertThat(recomputed.entryHash()).isEqualTo(signed.entryHash());
    assertThat(page.getLatestCheckpoint().getSeq()).isEqualTo(signed.seq());

    CheckpointList list = await(auditors.checkpoints(nadia.session(),
        GetCheckpoints.getDefaultInstance()));
    assertThat(list.getCheckpointsList()).hasSize(1);
    var proto = list.getCheckpoints(0);
    Checkpoint back = new Checkpoint(proto.getSeq(), proto.getEntryHash().toByteArray(),
        proto.getTimeMs(), proto.getSignature().toByteArray(), proto.getKeyId());
    assertThat(back.signatureValid(world.auditSigner().certificate().getPublicKey())).isTrue();
    assertThat(list.getAuditCertificateChain(0).toByteArray())
        .isEqualTo(encoded(world.auditSigner().certificate()));
  }

  @Test
  void anAuditorCanHaveACheckpointSignedNowAtMostEveryTenSeconds() {
    world.createGroup(anne, karim);
    GetCheckpoints signNow = GetCheckpoints.newBuilder().setSignNow(true).build();

    CheckpointList first = await(auditors.checkpoints(nadia.session(), signNow));
    assertThat(first.getCheckpointsList()).hasSize(1);
    assertThat(first.getCheckpoints(0).getSeq()).isEqualTo(first.getLastSeq());
    CheckpointList tooSoon = await(auditors.checkpoints(paul.session(), signNow));
    assertThat(tooSoon.getCheckpointsList()).hasSize(1);

    world.clock.advance(java.time.Duration.ofSeconds(11));
    CheckpointList later = await(auditors.checkpoints(paul.session(), signNow));
    assertThat(later.getCheckpointsList()).hasSize(2);
    assertThat(later.getCheckpoints(1).getSeq()).isEqualTo(later.getLastSeq())
        .isGreaterThan(first.getCheckpoints(0).getSeq());
  }

  @Test
  void theAuditorsOfTheMembersNationsAreRequiredVisibleRecipients() {
    String mixed = world.createGroup(anne, karim).getChannelId();
    assertThat(world.members(karim, mixed).getAuditorsList()).extracting(Auditor::getOfficerId)
        .containsExactly(paul.officerId(), nadia.officerId());

    var withoutAuditors = refusal(() -> messages.send(anne.session(),
        world.envelope(anne, mixed, 0, List.of(anne, karim))));
    LiaisonExceptionAssert.code(withoutAuditors, ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(withoutAuditors.recipientDetails().orElseThrow().expectedRecipients()).extracting(DeviceRef::getOfficerId)
        .contains(nadia.officerId(), paul.officerId());
    send(anne, mixed, List.of(anne, karim, nadia, paul));

    String frenchOnly = world.createGroup(anne).getChannelId();
    assertThat(world.members(anne, frenchOnly).getAuditorsList())
        .extracting(Auditor::getOfficerId).containsExactly(paul.officerId());
    LiaisonExceptionAssert.code(refusal(() -> messages.send(anne.session(),
            world.envelope(anne, frenchOnly, 0, List.of(anne, paul, nadia)))),
        ErrorCode.MEMBERSHIP_CHANGED);
    send(anne, frenchOnly, List.of(anne, paul));
  }

  @Test
  void anAuditorReadsOnlyWhatWasReleasedToTheirNation() {
    String channel = world.createGroup(anne, karim).getChannelId();
    long releasedToMorocco = send(anne, channel, List.of(anne, karim, nadia, paul));
    world.remove(anne, channel, karim);
    long frenchOnly = send(anne, channel, List.of(anne, paul));

    AuditReadPage forNadia = await(auditors.read(nadia.session(),
        AuditRead.newBuilder().setChannelId(channel).build()));
    assertThat(forNadia.getEventsList()).extracting(ChannelEvent::getSeq)
        .containsExactly(releasedToMorocco);
    assertThat(forNadia.getChainCount()).isEqualTo(2);
    AuditReadPage forPaul = await(auditors.read(paul.session(),
        AuditRead.newBuilder().setChannelId(channel).build()));
    assertThat(forPaul.getEventsList()).extracting(ChannelEvent::getSeq)
        .containsExactly(releasedToMorocco, frenchOnly);

    LiaisonExceptionAssert.code(refusal(() -> auditors.read(karim.session(),
        AuditRead.newBuilder().setChannelId(channel).build())), ErrorCode.PERMISSION_DENIED);
    AuditPage reads = await(auditors.query(paul.session(),
        AuditQuery.newBuilder().setAction("audit.").build()));
    assertThat(reads.getEntriesList()).extracting(AuditRecord::getAction)
        .containsExactly(AuditAction.AUDIT_READ, AuditAction.AUDIT_READ,
            AuditAction.AUDIT_DENIED);
  }

  @Test
  void badQueriesAreRefusedWithTypedErrors() {
    LiaisonExceptionAssert.code(refusal(() -> auditors.query(nadia.session(),
        AuditQuery.newBuilder().setLimit(5000).build())), ErrorCode.INVALID_ARGUMENT);
    LiaisonExceptionAssert.code(refusal(() -> auditors.query(nadia.session(),
        AuditQuery.newBuilder().setAction("DROP TABLE").build())), ErrorCode.INVALID_ARGUMENT);
    LiaisonExceptionAssert.code(refusal(() -> auditors.query(nadia.session(),
        AuditQuery.newBuilder().setFromMs(10).setToMs(5).build())), ErrorCode.INVALID_ARGUMENT);
    LiaisonExceptionAssert.code(refusal(() -> auditors.read(nadia.session(),
        AuditRead.newBuilder().setChannelId("c-aaaaaaaaaaaa").build())), ErrorCode.NOT_FOUND);
  }

  private long send(TestDevice sender, String channel, List<TestDevice> recipients) {
    long index = world.members(sender, channel).getChainCount() - 1;
    return await(messages.send(sender.session(),
        world.envelope(sender, channel, index, recipients))).getSeq();
  }

  private static byte[] encoded(java.security.cert.X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new AssertionError(e);
    }
  }

  /** Asserts a refusal's code, with its message on failure. */
  private static final class LiaisonExceptionAssert {
    static void code(org.liaison.server.error.LiaisonException e, ErrorCode code) {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    }
  }
}
