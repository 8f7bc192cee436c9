package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.audit.Checkpoint;
import org.liaison.client.Audit;

/**
 * Verifies the server's audit log as an auditor sees it over the wire: fetches every checkpoint
 * and then every entry (paging pinned, see {@link AuditLogFetcher}), checks the audit certificate
 * chain against the operator CA, and runs the {@link AuditVerifier} over the entries with the
 * server's checkpoints <em>and</em> the ones this profile kept.
 *
 * <p>The kept checkpoints are what make this stronger than the server's own check: a server that
 * rewrote or cut its log and deleted its checkpoint rows still cannot match a checkpoint kept
 * outside it ({@code CHECKPOINT_MISMATCH} or {@code TRUNCATED} at the kept seq). They are checked
 * under every audit certificate this profile ever accepted, so an audit key rotation does not turn
 * them into {@code UNKNOWN_KEY}.
 *
 * <p>Checkpoints are fetched before entries so that every checkpoint listed is at or below the
 * newest entry fetched; a checkpoint beyond the log is then a real truncation, never a race.
 */
public final class OnlineVerifier {

    private final Audit audit;
    private final AuditTrust trust;
    private final KeptCheckpoints kept;
    private final Clock clock;

    /** Verifies through {@code audit}, trusting {@code trust}'s CAs, with {@code kept}'s checkpoints. */
    public OnlineVerifier(Audit audit, AuditTrust trust, KeptCheckpoints kept, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.kept = Objects.requireNonNull(kept, "kept");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Fetches and verifies the whole log.
     *
     * @return fails with an {@link AuditCertificateException} if the audit certificate does not
     *         chain to the operator CA, a {@link KeptCheckpointsException} if the kept checkpoints
     *         cannot be read, or as the requests of {@link Audit}
     */
    public CompletableFuture<OnlineVerification> verify() {
        List<Checkpoint> keptCheckpoints = kept.checkpoints();
        List<X509Certificate> keptCertificates = kept.certificates();
        AuditLogFetcher fetcher = new AuditLogFetcher(audit);
        return fetcher.checkpoints(0).thenCompose(server -> {
            X509Certificate auditCertificate = trust.verify(server.certificateChain(), clock.instant());
            return fetcher.entries(AuditFilter.NONE, 0, 0).thenApplyAsync(fetched -> {
                Set<X509Certificate> certificates = new LinkedHashSet<>(keptCertificates);
                certificates.add(auditCertificate);
                List<Checkpoint> all = new ArrayList<>(server.checkpoints());
                List<Checkpoint> missing = new ArrayList<>();
                for (Checkpoint keptOne : keptCheckpoints) {
                    if (server.checkpoints().stream().noneMatch(c -> KeptCheckpoints.sameStatement(c, keptOne))) {
                        missing.add(keptOne);
                        all.add(keptOne);
                    }
                }
                all.sort(Comparator.comparingLong(Checkpoint::seq));
                AuditVerification result = new AuditVerifier(certificates).verify(fetched.entries(), all);
                return new OnlineVerification(result, server.checkpoints().size(), keptCheckpoints.size(), missing);
            });
        });
    }
}
