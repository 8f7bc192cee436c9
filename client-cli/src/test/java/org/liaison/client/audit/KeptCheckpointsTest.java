package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.testing.TestPki;

/** The checkpoints a profile kept: only ever added to, atomically, and never reset when damaged. */
class KeptCheckpointsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    private static TestPki pki;
    private static TestPki.Issued signer;
    private static TestAuditLog log;

    @TempDir
    Path profile;

    @BeforeAll
    static void aSignedLog() {
        pki = TestPki.create();
        signer = pki.issueAudit();
        log = TestAuditLog.sample(signer);
    }

    private KeptCheckpoints kept() {
        return KeptCheckpoints.inProfile(profile, CLOCK);
    }

    @Test
    void aProfileThatKeptNothingHasNothing() {
        assertThat(kept().checkpoints()).isEmpty();
        assertThat(kept().newest()).isEmpty();
        assertThat(kept().certificates()).isEmpty();
        assertThat(profile.resolve("audit")).doesNotExist();
    }

    @Test
    void keptCheckpointsAndTheirCertificateAreReadBackByTheNextRunInSeqOrder() {
        assertThat(kept().keep(log.checkpoint(7), signer.certificate())).isTrue();
        assertThat(kept().keep(log.checkpoint(3), signer.certificate())).isTrue();

        KeptCheckpoints later = KeptCheckpoints.inProfile(profile, CLOCK);
        assertThat(later.checkpoints()).containsExactly(log.checkpoint(3), log.checkpoint(7));
        assertThat(later.newest()).contains(log.checkpoint(7));
        assertThat(later.certificates()).containsExactly(signer.certificate());
        assertThat(later.checkpointsFile()).isEqualTo(profile.resolve("audit/checkpoints.jsonl").toAbsolutePath());
        assertThat(later.certificatesFile()).exists().isEqualTo(profile.resolve("audit/audit-certificates.pem")
                .toAbsolutePath());
    }

    @Test
    void eachLineIsOneJsonObjectWithHexHashAndBase64Signature() throws Exception {
        Checkpoint checkpoint = log.checkpoint(5);
        kept().keep(checkpoint, signer.certificate());

        List<String> lines = Files.readAllLines(kept().checkpointsFile(), StandardCharsets.UTF_8);

        assertThat(lines).singleElement().asString()
                .startsWith("{\"seq\":5,\"entry_hash\":\"" + AuditFields.hex(checkpoint.entryHash()) + "\"")
                .contains("\"signature\":\"" + AuditFields.base64(checkpoint.signature()) + "\"",
                        "\"key_id\":\"" + checkpoint.keyId() + "\"", "\"kept_at\":\"2026-03-02T10:00:00Z\"");
    }

    @Test
    void keepingTheSameCheckpointAgainChangesNothing() throws Exception {
        kept().keep(log.checkpoint(5), signer.certificate());
        byte[] before = Files.readAllBytes(kept().checkpointsFile());

        assertThat(kept().keep(log.checkpoint(5), signer.certificate())).isFalse();
        Checkpoint signedAgain = TestAuditLog.sign(5, log.entry(5).entryHash(), log.checkpoint(5).timeMs(), signer);
        assertThat(kept().keep(signedAgain, signer.certificate())).isFalse();
        assertThat(Files.readAllBytes(kept().checkpointsFile())).isEqualTo(before);
    }

    @Test
    void anotherCheckpointAtAKeptSeqIsRefusedAndTheKeptOneStays() {
        kept().keep(log.checkpoint(5), signer.certificate());
        TestAuditLog rewritten = TestAuditLog.sample(signer);
        AuditEntry other = rewritten.entry(5);
        byte[] otherHash = AuditEntry.create(5, other.timeMs(), "someone.else", other.action(), other.channel(),
                other.target(), other.details(), other.prevHash()).entryHash();
        Checkpoint fork = TestAuditLog.sign(5, otherHash, other.timeMs(), signer);

        assertThatThrownBy(() -> kept().keep(fork, signer.certificate()))
                .isInstanceOf(KeptCheckpointsException.class).hasMessageContaining("two histories");
        assertThat(kept().checkpoints()).containsExactly(log.checkpoint(5));
    }

    @Test
    void aCheckpointTheGivenCertificateDidNotSignIsNotKept() {
        TestPki.Issued other = pki.issueAudit();

        assertThatThrownBy(() -> kept().keep(log.checkpoint(5), other.certificate()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kept().checkpoints()).isEmpty();
    }

    @Test
    void everyAuditCertificateEverAcceptedIsKept() {
        TestPki.Issued rotated = pki.issueAudit();
        kept().keep(log.checkpoint(5), signer.certificate());
        kept().keep(TestAuditLog.sign(9, log.entry(9).entryHash(), log.entry(9).timeMs(), rotated),
                rotated.certificate());

        assertThat(kept().certificates()).containsExactly(signer.certificate(), rotated.certificate());
        assertThat(kept().checkpoints()).extracting(Checkpoint::keyId)
                .containsExactly(Checkpoint.keyIdOf(signer.certificate()), Checkpoint.keyIdOf(rotated.certificate()));
    }

    @Test
    void aDamagedFileIsRefusedNamingItAndIsNeverOverwritten() throws Exception {
        kept().keep(log.checkpoint(3), signer.certificate());
        Path file = kept().checkpointsFile();
        String damaged = Files.readString(file).replace("\"seq\":3", "\"seq\":\"three\"");
        Files.writeString(file, damaged);

        assertThatThrownBy(() -> kept().checkpoints()).isInstanceOf(KeptCheckpointsException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("line 1").hasMessageContaining("seq");
        assertThatThrownBy(() -> kept().keep(log.checkpoint(7), signer.certificate()))
                .isInstanceOf(KeptCheckpointsException.class);
        assertThat(Files.readString(file)).isEqualTo(damaged);
    }

    @Test
    void concurrentKeepsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Boolean>> keeps = new ArrayList<>();
            for (long seq = 1; seq <= 12; seq++) {
                long s = seq;
                keeps.add(CompletableFuture.supplyAsync(() -> KeptCheckpoints.inProfile(profile, CLOCK)
                        .keep(log.checkpoint(s), signer.certificate()), pool));
            }
            CompletableFuture.allOf(keeps.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }

        assertThat(kept().checkpoints()).extracting(Checkpoint::seq)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(kept().certificates()).hasSize(1);
    }
}
