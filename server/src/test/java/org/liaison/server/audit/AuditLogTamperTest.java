package org.liaison.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ServiceCalls.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.certs.Pem;
import org.liaison.proto.v1.Envelope;
import org.liaison.server.ServerCommand;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditFailure.Reason;
import org.liaison.audit.AuditHashes;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.server.message.MessageService;
import org.liaison.server.storage.Database;
import org.liaison.server.testing.ServiceCalls;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;
import picocli.CommandLine;

/**
 * The audit log on a real H2 file, written by the real services, then changed with SQL straight
 * on the file while the services are stopped: verification names the exact sequence number.
 */
class AuditLogTamperTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  @TempDir
  Path tmp;

  private MessageService messages;
  private TestDevice anne;
  private TestDevice karim;
  private String channel;
  /** The entry the last checkpoint signed. */
  private long checkpointSeq;

  @BeforeEach
  void aChannelWithMessagesReceiptsAndACheckpoint() {
    messages = world.messages(100);
    anne = world.device("fr-pn.anne.martin", "laptop", "officer", "supervisor");
    karim = world.device("ma-dgsn.karim.benali", "desk");
    channel = world.createGroup(anne, karim).getChannelId();
    for (int i = 0; i < 4; i++) {
      send();
    }
    await(messages.ack(karim.session(), channel, 4, true, false));
    checkpointSeq = await(world.audit().checkpoint(world.auditSigner())).orElseThrow().seq();
    world.clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      send();
    }
  }

  private Envelope send() {
    Envelope envelope = world.envelope(anne, channel, 0, List.of(anne, karim));
    await(messages.send(anne.session(), envelope));
    return envelope;
  }

  @Test
  void untouchedLogVerifiesAndRecordsMetadataNeverBodies() throws Exception {
    Envelope last = send();
    world.stop();

    AuditVerification result = verify();

    assertThat(result.failures()).isEmpty();
    assertThat(result.lastCheckpointSeq()).isEqualTo(checkpointSeq);
    List<AuditEntry> entries = entries();
    assertThat(entries).extracting(AuditEntry::action).contains(AuditAction.KEYS_PUBLISHED,
        AuditAction.CHANNEL_CREATED, AuditAction.MEMBER_ADDED, AuditAction.MESSAGE_STORED,
        AuditAction.MESSAGE_DELIVERED, AuditAction.MESSAGE_READ);
    AuditEntry stored = entries.get(entries.size() - 1);
    assertThat(stored.action()).isEqualTo(AuditAction.MESSAGE_STORED);
    assertThat(stored.target()).isEqualTo(last.getHeader().getMessageId());
    assertThat(stored.channel()).isEqualTo(channel);
    assertThat(stored.actor()).isEqualTo(anne.officerId());
    assertThat(stored.details()).contains(
        "envelope_sha256=" + HexFormat.of().formatHex(AuditHashes.sha256(last.toByteArray())),
        "recipient_devices=2", "recipient_officers=2", "size=" + last.getSerializedSize())
        .doesNotContain(HexFormat.of().formatHex(last.getBody().toByteArray()));
  }

  @Test
  void editedDetailsAreReportedAtTheirEntry() throws Exception {
    long k = seqOfSomeMessage();
    world.stop();
    sql("UPDATE audit_log SET details = REPLACE(details, 'recipient_devices=2', "
        + "'recipient_devices=1') WHERE seq = " + k);

    assertThat(verify().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(k, Reason.EDITED));
  }

  @Test
  void deletedEntryIsReportedAsAGapAtItsNumber() throws Exception {
    long k = seqOfSomeMessage();
    world.stop();
    sql("DELETE FROM audit_log WHERE seq = " + k);

    assertThat(verify().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(k, Reason.DELETED));
  }

  @Test
  void insertedEntryIsReportedEvenWhenItsOwnHashIsRight() throws Exception {
    long k = seqOfSomeMessage();
    world.stop();
    AuditEntry before = entries().stream().filter(e -> e.seq() == k - 1).findFirst()
        .orElseThrow();
    // The forger computes a correct hash for the new entry, chained onto the one before it.
    AuditEntry forged = AuditEvent.of(AuditAction.MESSAGE_STORED, karim.officerId(),
        channel, "m-forged").toEntry(k, before.timeMs(), before.entryHash());
    sql("UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= " + k,
        "UPDATE audit_log SET seq = seq - 999999 WHERE seq >= 1000000");
    try (Connection c = open()) {
      new AuditRepository().insert(c, forged);
    }

    List<AuditFailure> failures = verify().failures();
    assertThat(failures.get(0)).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(k, Reason.INSERTED);
    assertThat(failures).filteredOn(f -> f.seq() > k)
        .extracting(AuditFailure::reason).contains(Reason.MOVED, Reason.CHECKPOINT_MISMATCH);
  }

  @Test
  void swappedEntriesAreBothReportedAsMoved() throws Exception {
    long k = seqOfSomeMessage();
    world.stop();
    sql("UPDATE audit_log SET seq = -1 WHERE seq = " + k,
        "UPDATE audit_log SET seq = " + k + " WHERE seq = " + (k + 1),
        "UPDATE audit_log SET seq = " + (k + 1) + " WHERE seq = -1");

    assertThat(verify().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(k, Reason.MOVED),
            org.assertj.core.groups.Tuple.tuple(k + 1, Reason.MOVED));
  }

  @Test
  void tailTruncatedBelowASignedCheckpointIsReportedAtTheFirstMissingEntry() throws Exception {
    world.stop();
    long keep = checkpointSeq - 3;
    sql("DELETE FROM audit_log WHERE seq > " + keep);

    assertThat(verify().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(keep + 1, Reason.TRUNCATED));
  }

  @Test
  void entriesRewrittenWithFreshHashesAreCaughtByTheCheckpoint() throws Exception {
    world.stop();
    // A forger who recomputes the whole chain up to the checkpoint still cannot re-sign it.
    List<AuditEntry> entries = entries();
    sql("DELETE FROM audit_log");
    byte[] prev = AuditHashes.genesis();
    try (Connection c = open()) {
      for (AuditEntry e : entries) {
        String details = e.seq() == 3 ? "rewritten=yes" : e.details();
        AuditEntry again = new AuditEvent(e.action(), e.actor(), e.channel(), e.target(),
            parse(details)).toEntry(e.seq(), e.timeMs(), prev);
        new AuditRepository().insert(c, again);
        prev = again.entryHash();
      }
    }

    assertThat(verify().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(checkpointSeq,
            Reason.CHECKPOINT_MISMATCH));
  }

  @Test
  void alteredCheckpointFailsItsSignature() throws Exception {
    world.stop();
    sql("UPDATE audit_checkpoints SET time_ms = time_ms + 1");

    assertThat(verify().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(checkpointSeq,
            Reason.BAD_SIGNATURE));
  }

  @Test
  void auditEntryIsDurableWithTheAcknowledgedMessage() throws Exception {
    Envelope envelope = send();
    world.restart();

    assertThat(world.audit()).isNotNull();
    world.stop();
    assertThat(entries()).filteredOn(e -> e.action().equals(AuditAction.MESSAGE_STORED))
        .extracting(AuditEntry::target).contains(envelope.getHeader().getMessageId());
    assertThat(verify().ok()).isTrue();
  }

  @Test
  void refusedOperationLeavesNoAuditEntry() throws Exception {
    Envelope missingKarim = world.envelope(anne, channel, 0, List.of(anne));
    long before = entries().size();

    ServiceCalls.refusal(() -> messages.send(anne.session(), missingKarim));

    assertThat(entries()).hasSize((int) before);
  }

  @Test
  void verifyCommandPrintsOkOrEveryFailingNumberWithExitCode() throws Exception {
    long k = seqOfSomeMessage();
    world.stop();
    Path certificate = tmp.resolve("audit.pem");
    Pem.writeCertificate(certificate, world.auditSigner().certificate());
    String[] args = {"audit", "verify", "--data", world.dataDir().toString(),
        "--audit-certificate", certificate.toString()};

    StringWriter ok = new StringWriter();
    int okCode = new CommandLine(new ServerCommand()).setOut(new PrintWriter(ok)).execute(args);
    sql("UPDATE audit_log SET actor = 'nobody' WHERE seq = " + k);
    StringWriter failed = new StringWriter();
    int failedCode = new CommandLine(new ServerCommand()).setOut(new PrintWriter(failed))
        .execute(args);

    assertThat(okCode).isZero();
    assertThat(ok.toString()).startsWith("OK:");
    assertThat(failedCode).isEqualTo(1);
    assertThat(failed.toString()).contains("FAIL " + k + " EDITED");
  }

  @Test
  void verifyCommandChecksTheAuditCertificateAgainstTheOperatorCa() throws Exception {
    world.stop();
    Path certificate = tmp.resolve("audit.pem");
    Pem.writeCertificate(certificate, world.auditSigner().certificate());
    Path operator = tmp.resolve("operator.pem");
    Pem.writeCertificate(operator, world.operatorCa());
    Path stranger = tmp.resolve("stranger.pem");
    Pem.writeCertificate(stranger, org.liaison.certs.CertificateAuthority.create(
        org.liaison.certs.AgencySpec.of("liaison-ops", "FR", "Someone else"), world.clock,
        org.liaison.certs.CertificateAuthority.DEFAULT_CA_VALIDITY).certificate());
    String[] base = {"audit", "verify", "--data", world.dataDir().toString(),
        "--audit-certificate", certificate.toString(), "--operator-ca"};

    StringWriter ok = new StringWriter();
    int okCode = new CommandLine(new ServerCommand()).setOut(new PrintWriter(ok))
        .execute(with(base, operator.toString()));
    StringWriter refused = new StringWriter();
    int refusedCode = new CommandLine(new ServerCommand()).setOut(new PrintWriter(refused))
        .execute(with(base, stranger.toString()));

    assertThat(okCode).as(ok.toString()).isZero();
    assertThat(refusedCode).isEqualTo(1);
    assertThat(refused.toString()).contains("FAIL audit certificate", "does not chain");
  }

  private static String[] with(String[] args, String last) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  // ---------------------------------------------------------------------------------------------

  private long seqOfSomeMessage() throws SQLException {
    // The second stored message: well inside the log, before the checkpoint.
    return entries().stream().filter(e -> e.action().equals(AuditAction.MESSAGE_STORED))
        .skip(1).findFirst().orElseThrow().seq();
  }

  private AuditVerification verify() throws SQLException {
    try (Connection c = Database.openReadOnly(world.dataDir())) {
      return new AuditRepository().verify(c,
          new AuditVerifier(List.of(world.auditSigner().certificate())));
    }
  }

  private List<AuditEntry> entries() throws SQLException {
    try (Connection c = world.isOpen() ? world.connection() : open()) {
      return new AuditRepository().all(c);
    }
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:"
        + world.dataDir().resolve("liaison").toAbsolutePath(), "liaison", "");
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = open(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.executeUpdate(statement);
      }
    }
  }

  private static java.util.SortedMap<String, String> parse(String details) {
    java.util.SortedMap<String, String> map = new java.util.TreeMap<>();
    for (String line : details.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        map.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return map;
  }
}
