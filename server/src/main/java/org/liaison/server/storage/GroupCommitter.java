package org.liaison.server.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of durable state. Writes queue up here and are run by a single thread in
 * batches: each batch is one transaction (one commit, and one sync to disk when {@code fsync} is
 * on), so throughput does not collapse to one disk sync per message. A write's future completes
 * only after its batch is committed and synced: acknowledge nothing before that.
 *
 * <p>Each write runs inside a savepoint; one that throws (a refusal, a constraint violation) is
 * rolled back alone and its future fails, the rest of the batch commits. Because there is a
 * single writer, writes are applied in submission order and never contend with each other.
 */
public final class GroupCommitter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** A unit of work on the writer's connection; must not commit or roll back itself. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private record Task<T>(Work<T> work, Consumer<T> afterCommit, CompletableFuture<T> result) {}

  private record Outcome(Task<?> task, Object value, Throwable failure) {}

  private final DataSource dataSource;
  private final int maxBatch;
  private final boolean fsync;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final LongAdder batches = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private volatile boolean closing;

  public GroupCommitter(DataSource dataSource, int maxBatch, boolean fsync) {
    this.dataSource = dataSource;
    this.maxBatch = maxBatch;
    this.fsync = fsync;
    this.writer = new Thread(this::run, "liaison-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Queues a write; the future completes once it is durably committed. */
  public <T> CompletableFuture<T> submit(Work<T> work) {
    return submit(work, value -> {});
  }

  /**
   * Queues a write with an action run on the writer thread right after the commit, before the
   * future completes. Actions run in commit order, so events published from them are seen in the
   * order they were stored. They must be quick and must not block.
   */
  public <T> CompletableFuture<T> submit(Work<T> work, Consumer<T> afterCommit) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (closing) {
      result.completeExceptionally(new IllegalStateException("storage is shutting down"));
      return result;
    }
    queue.add(new Task<>(work, afterCommit, result));
    return result;
  }

  public long batches() {
    return batches.sum();
  }

  public long writes() {
    return writes.sum();
  }

  private void run() {
    List<Task<?>> batch = new ArrayList<>(maxBatch);
    while (!(closing && queue.isEmpty())) {
      try {
        Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Task<?>> batch) {
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (Task<?> task : batch) {
          outcomes.add(runInSavepoint(c, task));
        }
        c.commit();
        if (fsync) {
          try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
          }
        }
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        // Views read from this batch's uncommitted changes must not outlive them.
        RecipientTables.changed();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      log.error("write batch of {} failed; nothing in it was stored", batch.size(), e);
      for (Task<?> task : batch) {
        task.result().completeExceptionally(new StorageException("storing", e));
      }
      return;
    }
    batches.increment();
    writes.add(batch.size());
    for (Outcome outcome : outcomes) {
      complete(outcome);
    }
  }

  private static Outcome runInSavepoint(Connection c, Task<?> task) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    long tablesBefore = RecipientTables.version();
    try {
      Object value = task.work().run(c);
      c.releaseSavepoint(savepoint);
      return new Outcome(task, value, null);
    } catch (SQLException | RuntimeException e) {
      c.rollback(savepoint);
      if (RecipientTables.version() != tablesBefore) {
        // The write changed the recipient tables, and a view may have been read since.
        RecipientTables.changed();
      }
      return new Outcome(task, null, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void complete(Outcome outcome) {
    Task<T> task = (Task<T>) outcome.task();
    if (outcome.failure() != null) {
      task.result().completeExceptionally(outcome.failure());
      return;
    }
    T value = (T) outcome.value();
    try {
      task.afterCommit().accept(value);
    } catch (RuntimeException e) {
      log.error("after-commit action failed (the write itself is stored)", e);
    }
    task.result().complete(value);
  }

  /** Finishes every queued write, then stops the writer. */
  @Override
  public void close() {
    closing = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A write that raced with close() after the writer stopped is refused, never left hanging.
    for (Task<?> late = queue.poll(); late != null; late = queue.poll()) {
      late.result().completeExceptionally(new IllegalStateException("storage is shutting down"));
    }
  }
}
