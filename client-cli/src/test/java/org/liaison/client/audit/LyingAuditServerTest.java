package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditFailure.Reason;
import org.liaison.audit.Checkpoint;
import org.liaison.client.Audit;
import org.liaison.client.ClientOptions;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.LiaisonClientException;
import org.liaison.proto.v1.AuditPage;
import org.liaison.proto.v1.AuditQuery;
import org.liaison.proto.v1.CheckpointList;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ServerFrame;
import org.liaison.testing.MisbehavingServer;
import org.liaison.testing.TestPki;

/**
 * The auditor's client against a server that lies about its audit log in ways the real one
 * never does: pages that never end, malformed hashes, an audit certificate from another operator,
 * a history forked after the checkpoint the auditor kept. How the client deals with the real
 * server is tested in the {@code it} module ({@code AuditCliTest}).
 */
class LyingAuditServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestPki pki;
    private static TestPki.Issued signer;

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void createPki() {
        pki = TestPki.create();
        signer = pki.issueAudit();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    /** A server that serves {@code log}'s entries and {@code checkpoints}, signed under {@code chain}. */
    private Audit serving(List<AuditEntry> log, List<Checkpoint> checkpoints, List<X509Certificate> chain,
                          boolean endlessPages) throws Exception {
        MisbehavingServer server = MisbehavingServer.afterWelcome(pki.serverContext(), (frame, connection) -> {
            ServerFrame.Builder answer = ServerFrame.newBuilder().setRequestId(frame.getRequestId());
            if (frame.getBodyCase() == ClientFrame.BodyCase.AUDIT_QUERY) {
                answer.setAuditPage(page(log, frame.getAuditQuery(), endlessPages));
            } else if (frame.getBodyCase() == ClientFrame.BodyCase.GET_CHECKPOINTS) {
                CheckpointList.Builder list = CheckpointList.newBuilder().setLastSeq(log.size());
                checkpoints.stream().filter(c -> c.seq() > frame.getGetCheckpoints().getAfterSeq())
                        .map(AuditRecords::checkpoint).forEach(list::addCheckpoints);
                chain.forEach(certificate -> list.addAuditCertificateChain(
                        ByteString.copyFrom(CertificateEncoding.der(certificate))));
                answer.setCheckpoints(list);
            } else {
                return;
            }
            connection.send(answer.build());
        });
        closeables.add(server);
        pki.writeProfile(dir.resolve("profile"), server.address(), "pw");
        LiaisonClient client = LiaisonClient.connect(ClientProfile.load(dir.resolve("profile")),
                ClientOptions.defaults().withRequestTimeout(WAIT)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        closeables.add(0, client);
        return new Audit(client);
    }

    private static AuditPage page(List<AuditEntry> log, AuditQuery query, boolean endless) {
        if (endless) {
            return AuditPage.newBuilder().setMore(true).setLastSeq(log.size()).build();
        }
        long to = query.getToSeq() == 0 ? log.size() : query.getToSeq();
        AuditPage.Builder page = AuditPage.newBuilder().setLastSeq(log.size());
        log.stream().filter(e -> e.seq() > query.getAfterSeq() && e.seq() <= to).limit(query.getLimit())
                .map(AuditRecords::record).forEach(page::addEntries);
        long last = page.getEntriesCount() == 0 ? query.getAfterSeq() : page.getEntries(page.getEntriesCount() - 1)
                .getSeq();
        return page.setMore(last < to).build();
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("did not fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("neither completed nor failed", e);
        }
    }

    private KeptCheckpoints kept() {
        return KeptCheckpoints.inProfile(dir.resolve("profile"), Clock.systemUTC());
    }

    private AuditTrust trust() {
        return new AuditTrust(List.of(pki.operatorCa()));
    }

    @Test
    void pagesThatNeverEndFailInsteadOfLooping() throws Exception {
        Audit audit = serving(TestAuditLog.sample(signer).entries(), List.of(), List.of(signer.certificate()), true);

        Throwable failure = failureOf(new AuditLogFetcher(audit).entries(AuditFilter.NONE, 0, 0));

        assertThat(failure).isInstanceOf(LiaisonClientException.class).hasMessageContaining("but sent none");
    }

    @Test
    void entriesAreFetchedPageAfterPageUpToTheFirstAnswersNewestEntry() throws Exception {
        TestAuditLog log = new TestAuditLog(signer);
        for (int i = 0; i < 2500; i++) {
            log.append("server", "connection.refused", "", "", "n=" + i);
        }
        Audit audit = serving(log.entries(), List.of(), List.of(signer.certificate()), false);

        FetchedEntries fetched = new AuditLogFetcher(audit).entries(AuditFilter.NONE, 0, 0)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(fetched.entries()).isEqualTo(log.entries());
        assertThat(fetched.lastSeq()).isEqualTo(2500);
    }

    @Test
    void anAuditCertificateFromAnotherOperatorIsRefusedAndNothingIsKept() throws Exception {
        TestPki other = TestPki.create();
        TestPki.Issued impostor = other.issueAudit();
        TestAuditLog log = TestAuditLog.sample(impostor);
        Audit audit = serving(log.entries(), List.of(log.checkpoint(12)),
                List.of(impostor.certificate(), other.operatorCa()), false);

        Throwable failure = failureOf(new CheckpointKeeper(audit, trust(), kept(), Clock.systemUTC()).keepNewest());

        assertThat(failure).isInstanceOf(AuditCertificateException.class).hasMessageContaining("does not chain");
        assertThat(kept().checkpoints()).isEmpty();
    }

    @Test
    void aHistoryForkedBeforeTheKeptCheckpointIsNotKeptAndFailsAtTheKeptSeq() throws Exception {
        TestAuditLog original = TestAuditLog.sample(signer);
        kept().keep(original.checkpoint(8), signer.certificate());
        // The same log, but entry 5 said something else: rewritten consistently and re-signed.
        TestAuditLog forked = new TestAuditLog(signer);
        for (AuditEntry e : original.entries()) {
            forked.append(e.actor(), e.action(), e.channel(), e.target(), e.seq() == 5 ? "rewritten=yes" : e.details());
        }
        Audit audit = serving(forked.entries(), List.of(forked.checkpoint(12)), List.of(signer.certificate()), false);

        CheckpointCheck check = new CheckpointKeeper(audit, trust(), kept(), Clock.systemUTC()).keepNewest()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        OnlineVerification verification = new OnlineVerifier(audit, trust(), kept(), Clock.systemUTC()).verify()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(check.ok()).isFalse();
        assertThat(check.keptNow()).isFalse();
        assertThat(check.failures()).extracting(AuditFailure::seq, AuditFailure::reason)
                .contains(tuple(8L, Reason.CHECKPOINT_MISMATCH));
        assertThat(kept().checkpoints()).containsExactly(original.checkpoint(8));
        assertThat(verification.result().failures()).extracting(AuditFailure::seq, AuditFailure::reason)
                .containsExactly(tuple(8L, Reason.CHECKPOINT_MISMATCH));
        assertThat(verification.missingOnServer()).containsExactly(original.checkpoint(8));
    }

    @Test
    void aCheckpointThatExtendsTheKeptOneIsKept() throws Exception {
        TestAuditLog log = TestAuditLog.sample(signer);
        kept().keep(log.checkpoint(8), signer.certificate());
        Audit audit = serving(log.entries(), List.of(log.checkpoint(8), log.checkpoint(12)),
                List.of(signer.certificate(), pki.operatorCa()), false);

        CheckpointCheck check = new CheckpointKeeper(audit, trust(), kept(), Clock.systemUTC()).keepNewest()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(check.failures()).isEmpty();
        assertThat(check.keptNow()).isTrue();
        assertThat(check.entriesChecked()).isEqualTo(5);
        assertThat(kept().checkpoints()).containsExactly(log.checkpoint(8), log.checkpoint(12));
    }
}
