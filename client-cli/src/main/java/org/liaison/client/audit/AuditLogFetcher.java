package org.liaison.client.audit;

import com.google.protobuf.ByteString;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClientException;
import org.liaison.proto.v1.AuditCheckpoint;
import org.liaison.proto.v1.AuditPage;
import org.liaison.proto.v1.AuditRecord;
import org.liaison.proto.v1.CheckpointList;

/**
 * Fetches the whole of something from the audit log, page after page of
 * {@value org.liaison.client.Audit#MAX_LIMIT}: every entry matching a filter, or every checkpoint.
 *
 * <p>Entry paging is pinned: the first answer's {@code last_seq} becomes {@code to_seq} of every
 * following request, so entries appended while paging (this auditor's own queries among them) do
 * not make it run on, and every page is cut from the same log. A server that says there is more
 * but sends nothing new fails the future with a {@link LiaisonClientException} instead of looping.
 */
public final class AuditLogFetcher {

    private final Audit audit;

    /** Fetches through {@code audit}. */
    public AuditLogFetcher(Audit audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Every entry matching {@code filter} after {@code afterSeq} and up to {@code toSeq} (0: up to
     * the log's newest entry when the first page is answered), oldest first.
     */
    public CompletableFuture<FetchedEntries> entries(AuditFilter filter, long afterSeq, long toSeq) {
        Objects.requireNonNull(filter, "filter");
        return page(filter, afterSeq, toSeq).thenCompose(first -> {
            long bound = toSeq > 0 ? toSeq : first.getLastSeq();
            List<AuditEntry> entries = new ArrayList<>();
            return collect(filter, afterSeq, bound, first, entries)
                    .thenApply(ignored -> new FetchedEntries(entries, first.getLastSeq()));
        });
    }

    private CompletableFuture<Void> collect(AuditFilter filter, long afterSeq, long bound, AuditPage page,
                                            List<AuditEntry> into) {
        long last = afterSeq;
        for (AuditRecord record : page.getEntriesList()) {
            into.add(AuditRecords.entry(record));
            last = Math.max(last, record.getSeq());
        }
        if (!page.getMore() || (bound > 0 && last >= bound)) {
            return CompletableFuture.completedFuture(null);
        }
        if (last <= afterSeq) {
            return CompletableFuture.failedFuture(new LiaisonClientException(
                    "the server says more audit entries follow " + afterSeq + " but sent none"));
        }
        long next = last;
        return page(filter, next, bound).thenCompose(nextPage -> collect(filter, next, bound, nextPage, into));
    }

    private CompletableFuture<AuditPage> page(AuditFilter filter, long afterSeq, long toSeq) {
        return audit.query(filter.toQuery().setAfterSeq(afterSeq).setToSeq(toSeq).setLimit(Audit.MAX_LIMIT).build());
    }

    /** Every signed checkpoint after {@code afterSeq}, oldest first, with the audit certificate chain. */
    public CompletableFuture<ServerCheckpoints> checkpoints(long afterSeq) {
        return audit.checkpoints(afterSeq, Audit.MAX_LIMIT).thenCompose(first -> {
            List<X509Certificate> chain = CertificateEncoding.fromDer(first.getAuditCertificateChainList().stream()
                    .map(ByteString::toByteArray).toList());
            List<Checkpoint> checkpoints = new ArrayList<>();
            return collectCheckpoints(afterSeq, first, checkpoints)
                    .thenApply(ignored -> new ServerCheckpoints(checkpoints, chain, first.getLastSeq()));
        });
    }

    private CompletableFuture<Void> collectCheckpoints(long afterSeq, CheckpointList list, List<Checkpoint> into) {
        long last = afterSeq;
        for (AuditCheckpoint checkpoint : list.getCheckpointsList()) {
            into.add(AuditRecords.checkpoint(checkpoint));
            last = Math.max(last, checkpoint.getSeq());
        }
        if (!list.getMore()) {
            return CompletableFuture.completedFuture(null);
        }
        if (last <= afterSeq) {
            return CompletableFuture.failedFuture(new LiaisonClientException(
                    "the server says more audit checkpoints follow " + afterSeq + " but sent none"));
        }
        long next = last;
        return audit.checkpoints(next, Audit.MAX_LIMIT)
                .thenCompose(nextList -> collectCheckpoints(next, nextList, into));
    }
}
