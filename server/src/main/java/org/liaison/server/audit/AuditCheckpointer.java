package org.liaison.server.audit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.liaison.audit.Checkpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signs a checkpoint of the audit log at a fixed interval, through the writer. */
public final class AuditCheckpointer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditCheckpointer.class);

  private final AuditLog audit;
  private final AuditSigner signer;
  private final Duration interval;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "liaison-audit-checkpoint");
        thread.setDaemon(true);
        return thread;
      });

  public AuditCheckpointer(AuditLog audit, AuditSigner signer, Duration interval) {
    this.audit = audit;
    this.signer = signer;
    this.interval = interval;
  }

  public void start() {
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::scheduled, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Checkpoints now; completes once the checkpoint (if any was due) is durable. */
  public CompletableFuture<Optional<Checkpoint>> checkpointNow() {
    return audit.checkpoint(signer);
  }

  private void scheduled() {
    try {
      checkpointNow().get(interval.toMillis(), TimeUnit.MILLISECONDS)
          .ifPresent(c -> log.info("audit checkpoint at entry {}", c.seq()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.error("audit checkpoint failed; the next one retries", e);
    }
  }

  /** Stops the schedule (the shutdown checkpoint is the caller's, before the writer closes). */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
