package org.liaison.client.audit;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditFailure.Reason;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.audit.AuditVerifier.Anchor;
import org.liaison.audit.Checkpoint;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClientException;

/**
 * Fetches the server's newest signed checkpoint and keeps it in the profile if, and only if, it
 * is signed by an audit certificate that chains to the operator CA and it <em>extends</em> the
 * newest checkpoint kept before: the entries from the kept checkpoint up to the new one are
 * fetched and their chain recomputed from the kept hash ({@link AuditVerifier} with an
 * {@link Anchor}), so the new checkpoint cannot belong to a rewritten history. The first
 * checkpoint a profile keeps is checked the same way from the first entry of the log.
 *
 * <p>A checkpoint that does not extend the kept one is reported, never kept: it is proof that the
 * server rewrote, cut or forked its log after the kept checkpoint was signed.
 */
public final class CheckpointKeeper {

    private final Audit audit;
    private final AuditCertificates trust;
    private final KeptCheckpoints kept;
    private final Clock clock;

    /** Keeps checkpoints fetched through {@code audit}, trusting {@code trust}'s CAs, in {@code kept}. */
    public CheckpointKeeper(Audit audit, AuditCertificates trust, KeptCheckpoints kept, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.kept = Objects.requireNonNull(kept, "kept");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Fetches, checks and keeps the newest checkpoint.
     *
     * @return what was found; fails with a {@link LiaisonClientException} when the server has
     *         signed no checkpoint at all (and none was kept), an {@link AuditCertificateException}
     *         when the audit certificate does not chain to the operator CA, or as the requests of
     *         {@link Audit}
     */
    public CompletableFuture<CheckpointCheck> keepNewest() {
        Optional<Checkpoint> previous = kept.newest();
        AuditLogFetcher fetcher = new AuditLogFetcher(audit);
        // From just below the kept one: the server's copy of it comes back too, to be compared.
        long after = previous.map(checkpoint -> checkpoint.seq() - 1).orElse(0L);
        return fetcher.checkpoints(after).thenCompose(server -> {
            X509Certificate auditCertificate = trust.verify(server.certificateChain(), clock.instant());
            Optional<Checkpoint> newest = server.newest();
            if (newest.isEmpty()) {
                if (previous.isEmpty()) {
                    throw new LiaisonClientException("the server has signed no audit checkpoint yet: nothing to keep");
                }
                Checkpoint keptOne = previous.get();
                return CompletableFuture.completedFuture(new CheckpointCheck(keptOne, previous, 0,
                        List.of(new AuditFailure(keptOne.seq(), Reason.TRUNCATED, "the server lists neither the"
                                + " checkpoint kept at " + keptOne.seq() + " nor any newer one: its checkpoints (and"
                                + " perhaps its log) were cut back")), false, true));
            }
            Checkpoint candidate = newest.get();
            if (previous.isPresent() && candidate.seq() < previous.get().seq()) {
                return CompletableFuture.completedFuture(new CheckpointCheck(candidate, previous, 0,
                        List.of(new AuditFailure(previous.get().seq(), Reason.TRUNCATED, "the server's newest"
                                + " checkpoint is at " + candidate.seq() + ", before the one kept at "
                                + previous.get().seq())), false, true));
            }
            boolean previousMissing = previous.isPresent() && server.checkpoints().stream()
                    .noneMatch(c -> KeptCheckpoints.sameStatement(c, previous.get()));
            Anchor anchor = previous.map(p -> new Anchor(p.seq(), p.entryHash())).orElse(AuditVerifier.GENESIS);
            if (previous.isPresent() && candidate.seq() == previous.get().seq()
                    && MessageDigest.isEqual(candidate.entryHash(), previous.get().entryHash())) {
                return CompletableFuture.completedFuture(new CheckpointCheck(previous.get(), previous, 0,
                        signatureFailures(candidate, auditCertificate), false, previousMissing));
            }
            return fetcher.entries(AuditFilter.NONE, anchor.seq(), candidate.seq()).thenApplyAsync(fetched -> {
                AuditVerification result = new AuditVerifier(List.of(auditCertificate))
                        .verify(anchor, fetched.entries(), server.checkpoints());
                boolean keptNow = result.ok() && kept.keep(candidate, auditCertificate);
                return new CheckpointCheck(candidate, previous, fetched.entries().size(), result.failures(), keptNow,
                        previousMissing);
            });
        });
    }

    private static List<AuditFailure> signatureFailures(Checkpoint checkpoint, X509Certificate certificate) {
        AuditVerification result = new AuditVerifier(List.of(certificate))
                .verify(new Anchor(checkpoint.seq(), checkpoint.entryHash()), List.of(), List.of(checkpoint));
        return result.failures();
    }
}
