package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.liaison.audit.AuditEntry;
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
 * newest checkpoint kept before: the entries from the kept checkpoint's seq up to the new one are
 * fetched, the kept entry's hash must still be the kept one, and the chain is recomputed from it
 * ({@link AuditVerifier} with an {@link Anchor}), so the new checkpoint cannot belong to a
 * rewritten history. The first checkpoint a profile keeps is checked the same way from the first
 * entry of the log.
 *
 * <p>A checkpoint that does not extend the kept one is reported, never kept: it is proof that the
 * server rewrote, cut or forked its log after the kept checkpoint was signed.
 */
public final class CheckpointKeeper {

    private final Audit audit;
    private final AuditTrust trust;
    private final KeptCheckpoints kept;
    private final Clock clock;

    /** Keeps checkpoints fetched through {@code audit}, trusting {@code trust}'s CAs, in {@code kept}. */
    public CheckpointKeeper(Audit audit, AuditTrust trust, KeptCheckpoints kept, Clock clock) {
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
        return keepNewest(false);
    }

    /**
     * As {@link #keepNewest()}; with {@code signFirst}, asks the server to sign a checkpoint of
     * its newest entry first ({@link Audit#requestCheckpoint()}), so that what is kept covers the
     * log as it is now.
     */
    public CompletableFuture<CheckpointCheck> keepNewest(boolean signFirst) {
        CompletableFuture<Void> signed = signFirst ? audit.requestCheckpoint() : CompletableFuture.completedFuture(null);
        return signed.thenCompose(done -> keepNewestSigned());
    }

    private CompletableFuture<CheckpointCheck> keepNewestSigned() {
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
                return CompletableFuture.completedFuture(new CheckpointCheck(Optional.empty(), previous, 0,
                        List.of(new AuditFailure(keptOne.seq(), Reason.TRUNCATED, "the server lists neither the"
                                + " checkpoint kept at " + keptOne.seq() + " nor any newer one: its checkpoints (and"
                                + " perhaps its log) were cut back")), false, true));
            }
            Checkpoint candidate = newest.get();
            if (previous.isPresent() && candidate.seq() < previous.get().seq()) {
                return CompletableFuture.completedFuture(new CheckpointCheck(newest, previous, 0,
                        List.of(new AuditFailure(previous.get().seq(), Reason.TRUNCATED, "the server's newest"
                                + " checkpoint is at " + candidate.seq() + ", before the one kept at "
                                + previous.get().seq())), false, true));
            }
            boolean previousMissing = previous.isPresent() && server.checkpoints().stream()
                    .noneMatch(c -> KeptCheckpoints.sameStatement(c, previous.get()));
            if (previous.isPresent() && KeptCheckpoints.sameStatement(candidate, previous.get())) {
                return CompletableFuture.completedFuture(new CheckpointCheck(previous, previous, 0,
                        signatureFailures(candidate, auditCertificate), false, previousMissing));
            }
            // From the kept entry itself: its hash must still be the kept one, and the chain from it
            // must reach the new checkpoint.
            long from = previous.map(p -> p.seq() - 1).orElse(0L);
            return fetcher.entries(AuditFilter.NONE, from, candidate.seq())
                    .thenApplyAsync(fetched -> check(candidate, previous, fetched.entries(), server.checkpoints(),
                            auditCertificate, previousMissing));
        });
    }

    private CheckpointCheck check(Checkpoint candidate, Optional<Checkpoint> previous, List<AuditEntry> entries,
                                  List<Checkpoint> serverCheckpoints, X509Certificate auditCertificate,
                                  boolean previousMissing) {
        List<AuditFailure> failures = new ArrayList<>();
        Anchor anchor = AuditVerifier.GENESIS;
        List<Checkpoint> checkpoints = new ArrayList<>(serverCheckpoints);
        if (previous.isPresent()) {
            Checkpoint keptOne = previous.get();
            if (!entries.isEmpty() && entries.get(0).seq() == keptOne.seq()) {
                // The kept checkpoint vouches for entry K, and entry K's hash covers its prev_hash: so
                // the chain may start from that prev_hash as long as the kept checkpoint is checked too.
                anchor = new Anchor(keptOne.seq() - 1, entries.get(0).prevHash());
                checkpoints.add(keptOne);
            } else {
                failures.add(new AuditFailure(keptOne.seq(), Reason.DELETED, "the server no longer has entry "
                        + keptOne.seq() + ", which the kept checkpoint signed"));
                anchor = new Anchor(keptOne.seq(), keptOne.entryHash());
            }
        }
        checkpoints.sort(Comparator.comparingLong(Checkpoint::seq));
        Set<X509Certificate> certificates = new LinkedHashSet<>(kept.certificates());
        certificates.add(auditCertificate);
        AuditVerification result = new AuditVerifier(certificates).verify(anchor, entries, checkpoints);
        failures.addAll(result.failures());
        failures.sort(Comparator.comparingLong(AuditFailure::seq));
        boolean keptNow = failures.isEmpty() && kept.keep(candidate, auditCertificate);
        return new CheckpointCheck(Optional.of(candidate), previous, entries.size(), failures, keptNow,
                previousMissing);
    }

    private static List<AuditFailure> signatureFailures(Checkpoint checkpoint, X509Certificate certificate) {
        AuditVerification result = new AuditVerifier(List.of(certificate))
                .verify(new Anchor(checkpoint.seq(), checkpoint.entryHash()), List.of(), List.of(checkpoint));
        return result.failures();
    }
}
