package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.audit.RedactedEntry;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClientException;

/**
 * Builds an {@link AuditExport} from the server: every entry from 1 up to the newest signed
 * checkpoint, whole when it matches the filter and {@linkplain RedactedEntry redacted} otherwise,
 * with that checkpoint and the audit certificate chain, so that the export verifies on its own.
 * Entries after the checkpoint are left out: no signature covers them yet.
 *
 * <p>Before anything is exported the entries are verified against the server's checkpoints and
 * the ones this profile kept (as {@link OnlineVerifier} does, up to the export's checkpoint): a log
 * that does not verify is reported, not exported.
 */
public final class AuditExporter {

    private final Audit audit;
    private final AuditTrust trust;
    private final KeptCheckpoints kept;
    private final Clock clock;

    /** Exports through {@code audit}, trusting {@code trust}'s CAs, checking {@code kept}'s checkpoints. */
    public AuditExporter(Audit audit, AuditTrust trust, KeptCheckpoints kept, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.kept = Objects.requireNonNull(kept, "kept");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Fetches, verifies and builds the export.
     *
     * @param exportedBy the officer id of whoever exports (the connection's identity)
     * @param server     the server's address, for the header
     * @return fails with a {@link LiaisonClientException} when the server has signed no checkpoint
     *         yet, an {@link AuditCertificateException} when the audit certificate does not chain to
     *         the operator CA, or as the requests of {@link Audit}
     */
    public CompletableFuture<ExportResult> export(AuditFilter filter, String exportedBy, String server) {
        Objects.requireNonNull(filter, "filter");
        List<Checkpoint> keptCheckpoints = kept.checkpoints();
        List<X509Certificate> keptCertificates = kept.certificates();
        AuditLogFetcher fetcher = new AuditLogFetcher(audit);
        return fetcher.checkpoints(0).thenCompose(fromServer -> {
            List<X509Certificate> chain = fromServer.certificateChain();
            X509Certificate auditCertificate = trust.verify(chain, clock.instant());
            Checkpoint covering = fromServer.newest().orElseThrow(() -> new LiaisonClientException(
                    "the server has signed no audit checkpoint yet: an export would not verify; try again after"
                            + " the next checkpoint"));
            return fetcher.entries(AuditFilter.NONE, 0, covering.seq()).thenApplyAsync(fetched -> {
                Set<X509Certificate> certificates = new LinkedHashSet<>(keptCertificates);
                certificates.add(auditCertificate);
                List<Checkpoint> checkpoints = new ArrayList<>(fromServer.checkpoints());
                for (Checkpoint keptOne : keptCheckpoints) {
                    if (keptOne.seq() <= covering.seq() && fromServer.checkpoints().stream()
                            .noneMatch(c -> KeptCheckpoints.sameStatement(c, keptOne))) {
                        checkpoints.add(keptOne);
                    }
                }
                checkpoints.sort(Comparator.comparingLong(Checkpoint::seq));
                AuditVerification result = new AuditVerifier(certificates).verify(fetched.entries(), checkpoints);
                if (!result.ok()) {
                    return new ExportResult(Optional.empty(), result.failures(), fetched.lastSeq());
                }
                List<ChainedEntry> rows = new ArrayList<>(fetched.entries().size());
                for (AuditEntry entry : fetched.entries()) {
                    rows.add(filter.matches(entry) ? entry : RedactedEntry.of(entry));
                }
                ExportHeader header = new ExportHeader(exportedBy,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), server, filter, chain);
                return new ExportResult(Optional.of(new AuditExport(header, rows, covering)), List.of(),
                        fetched.lastSeq());
            });
        });
    }
}
