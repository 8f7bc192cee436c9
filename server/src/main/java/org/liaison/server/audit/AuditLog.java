package org.liaison.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
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

  public AuditLog(GroupCommitter writer, AuditRepository repository, Clock clock) {
    this.writer = writer;
    this.repository = repository;
    this.clock = clock;
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
