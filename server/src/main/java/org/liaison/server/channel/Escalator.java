package org.liaison.server.channel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.storage.GroupCommitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates missed deadlines: task acknowledgement and due times (TaskDeadlines) and FLASH
 * acknowledgements (FlashDeadlines). Each {@link Rule} appends its escalation events and marks
 * what it escalated in the same transaction (through the single writer), so neither a second
 * check nor a restart escalates the same deadline again.
 *
 * <p>Checks run on their own scheduled thread, never on a network thread; time is the injected
 * clock's, so tests move the clock and call {@link #checkNow()}.
 */
public final class Escalator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Escalator.class);
  /** Most deadlines one rule escalates in one check; the next check goes on with the rest. */
  public static final int MAX_PER_CHECK = 500;
  /** The actor of an escalation event: the server itself, not an officer. */
  public static final String SERVER_ACTOR = "";

  /** A stored escalation event and the officers who may see it. */
  public record Escalation(ChannelEvent event, Set<OfficerId> audience) {}

  /** One kind of deadline. */
  @FunctionalInterface
  public interface Rule {
    /** Inside the writer's transaction: escalates what is overdue at {@code nowMs}. */
    List<Escalation> escalate(Connection c, long nowMs) throws SQLException;
  }

  private final GroupCommitter writer;
  private final EventListener listener;
  private final Clock clock;
  private final Duration interval;
  private final List<Rule> rules;
  private final ScheduledExecutorService scheduler;
  private CompletableFuture<List<ChannelEvent>> running = CompletableFuture.completedFuture(
      List.of());

  public Escalator(GroupCommitter writer, EventListener listener, Clock clock, Duration interval,
      List<Rule> rules) {
    this.writer = writer;
    this.listener = listener;
    this.clock = clock;
    this.interval = interval;
    this.rules = List.copyOf(rules);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "liaison-escalator");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts checking every interval. */
  public void start() {
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::scheduledCheck, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one check now (through the writer); completes, once the escalations are durable and
   * published, with the events it stored.
   */
  public CompletableFuture<List<ChannelEvent>> checkNow() {
    return writer.submit(this::escalate, stored -> stored.forEach(
            escalation -> listener.published(escalation.event(), escalation.audience())))
        .thenApply(stored -> stored.stream().map(Escalation::event).toList());
  }

  private List<Escalation> escalate(Connection c) throws SQLException {
    long now = clock.millis();
    List<Escalation> stored = new ArrayList<>();
    for (Rule rule : rules) {
      stored.addAll(rule.escalate(c, now));
    }
    return stored;
  }

  private synchronized void scheduledCheck() {
    // A check still queued behind a long write batch is not doubled.
    if (!running.isDone()) {
      return;
    }
    running = checkNow();
    running.whenComplete((stored, failure) -> {
      if (failure != null) {
        log.error("escalation check failed; the next check retries", failure);
      } else if (!stored.isEmpty()) {
        log.info("escalated {} missed deadline(s)", stored.size());
      }
    });
  }

  /** Stops checking; a check already handed to the writer still completes. */
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
