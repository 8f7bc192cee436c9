package org.liaison.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditHashes;
import org.liaison.audit.Checkpoint;
import org.liaison.server.storage.GroupCommitter;

/**
 * Appends to the tamper-evident audit log. An operation writes its entry with
 * {@link #append(Connection, AuditEvent)} inside its own write on the single writer, so the entry
 * is committed (and synced) in the same transaction as the operation: it is durable exactly when
 * the operation is, before anything is acknowledged, and gone if the operation is rolled back.
 * Events that are not part of another write go through {@link #record(AuditEvent)}.
 *
 * <p>Only the writer thread appends, so entries are numbered 1, 2, 3… without gaps and each one
 * chains onto the one committed before it.
 */
public final class AuditLog {
  private final GroupCommitter writer;
  private final AuditRepository repository;
  private final Clock clock;
  private final RefusalLimiter refusals;

  public AuditLog(GroupCommitter writer, AuditRepository repository, Clock clock) {
    this.writer = writer;
    this.repository = repository;
    this.clock = clock;
    this.refusals = new RefusalLimiter(clock);
  }

  /**
   * Records a refused connection from {@code remoteAddress}, within the bounds of
   * {@link RefusalLimiter}: beyond them the refusal is counted instead of written. Completes once
   * what was written is durable (at once when nothing was).
   */
  public CompletableFuture<Void> recordRefusal(String remoteAddress, AuditEvent refusal) {
    RefusalLimiter.Decision decision = refusals.admit(remoteAddress);
    CompletableFuture<?> summary = decision.summary().map(s -> record(AuditEvent.of(
            AuditAction.CONNECTION_REFUSED_SUPPRESSED, "server", "", "",
            "refusals", s.refusals(), "addresses", s.addresses(), "window_start_ms",
            s.windowStartMs(), "limit_per_address_per_minute", RefusalLimiter.PER_ADDRESS,
            "limit_per_minute", RefusalLimiter.TOTAL)))
        .orElseGet(() -> CompletableFuture.completedFuture(null));
    if (!decision.write()) {
      return summary.thenApply(written -> null);
    }
    AuditEvent event = refusal;
    if (decision.leftOutBefore() > 0) {
      SortedMap<String, String> details = new TreeMap<>(refusal.details());
      details.put("left_out_before", String.valueOf(decision.leftOutBefore()));
      event = new AuditEvent(refusal.action(), refusal.actor(), refusal.channel(),
          refusal.target(), details);
    }
    AuditEvent written = event;
    return summary.thenCompose(done -> record(written)).thenApply(entry -> null);
  }

  /** Appends inside the caller's writer transaction; must run on the writer. */
  public AuditEntry append(Connection c, AuditEvent event) throws SQLException {
    // Read the head from the table rather than caching it: a write rolled back to its savepoint
    // takes its audit entry with it, and the next entry must chain onto what is really stored.
    Optional<AuditRepository.Head> head = repository.head(c);
    long seq = head.map(h -> h.seq() + 1).orElse(1L);
    byte[] prev = head.map(AuditRepository.Head::entryHash).orElseGet(AuditHashes::genesis);
    AuditEntry entry = event.toEntry(seq, clock.millis(), prev);
    repository.insert(c, entry);
    return entry;
  }

  /** Appends as a write of its own; completes once the entry is durable. */
  public CompletableFuture<AuditEntry> record(AuditEvent event) {
    return writer.submit(c -> append(c, event));
  }

  /**
   * Signs and stores a checkpoint of the newest entry, unless the newest entry already has one
   * (or the log is empty). Must run on the writer.
   */
  public Optional<Checkpoint> checkpoint(Connection c, AuditSigner signer) throws SQLException {
    Optional<AuditRepository.Head> head = repository.head(c);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    long seq = head.get().seq();
    if (repository.lastCheckpointSeq(c).filter(last -> last >= seq).isPresent()) {
      return Optional.empty();
    }
    Checkpoint checkpoint = signer.sign(seq, head.get().entryHash(), clock.millis());
    repository.insertCheckpoint(c, checkpoint);
    return Optional.of(checkpoint);
  }

  /** Writes a checkpoint as a write of its own; completes once it is durable. */
  public CompletableFuture<Optional<Checkpoint>> checkpoint(AuditSigner signer) {
    return writer.submit(c -> checkpoint(c, signer));
  }
}
