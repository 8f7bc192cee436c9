package org.liaison.server.task;

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
import org.liaison.proto.v1.EscalationKind;
import org.liaison.proto.v1.TaskEscalated;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventAudience;
import org.liaison.server.channel.EventListener;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.task.TaskRepository.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates missed task deadlines: a task still unacknowledged at its acknowledgement deadline,
 * or not done, rejected or cancelled at its due time, gets a {@code task_escalated} event in its
 * channel's stream, seen by the channel's supervisors only. Once per deadline value: the event
 * and the mark that the deadline was escalated are stored in the same transaction (through the
 * single writer), so neither a second check nor a restart escalates it again; a new deadline
 * (reschedule) can escalate again.
 *
 * <p>Checks run on their own scheduled thread, never on a network thread; time is the injected
 * clock's, so tests move the clock and call {@link #checkNow()}.
 */
public final class TaskEscalator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskEscalator.class);
  /** Most tasks escalated by one check; the next check goes on with the rest. */
  static final int MAX_PER_CHECK = 500;
  /** The actor of an escalation event: the server itself, not an officer. */
  public static final String SERVER_ACTOR = "";

  private record Escalation(ChannelEvent event, Set<OfficerId> audience) {}

  private final GroupCommitter writer;
  private final ChannelRepository channels;
  private final TaskRepository tasks;
  private final EventLog events;
  private final EventRepository eventRepository;
  private final EventListener listener;
  private final Clock clock;
  private final Duration interval;
  private final ScheduledExecutorService scheduler;
  private CompletableFuture<List<ChannelEvent>> running = CompletableFuture.completedFuture(
      List.of());

  public TaskEscalator(GroupCommitter writer, ChannelRepository channels, TaskRepository tasks,
      EventLog events, EventRepository eventRepository, EventListener listener, Clock clock,
      Duration interval) {
    this.writer = writer;
    this.eventRepository = eventRepository;
    this.channels = channels;
    this.tasks = tasks;
    this.events = events;
    this.listener = listener;
    this.clock = clock;
    this.interval = interval;
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

  private synchronized void scheduledCheck() {
    // A check still queued behind a long write batch is not doubled.
    if (!running.isDone()) {
      return;
    }
    running = checkNow();
    running.whenComplete((stored, failure) -> {
      if (failure != null) {
        log.error("task escalation check failed; the next check retries", failure);
      } else if (!stored.isEmpty()) {
        log.info("escalated {} missed task deadline(s)", stored.size());
      }
    });
  }

  private List<Escalation> escalate(Connection c) throws SQLException {
    long now = clock.millis();
    List<Escalation> stored = new ArrayList<>();
    for (TaskRecord task : tasks.dueForEscalation(c, now, MAX_PER_CHECK)) {
      ChannelRecord channel = channels.lock(c, task.channel()).orElseThrow();
      long lastSeq = channel.lastSeq();
      if (task.ackOverdue(now) && task.ackEscalatedFor() != task.ackDeadlineMs()) {
        ChannelEvent event = append(c, task, lastSeq,
            EscalationKind.ESCALATION_KIND_NOT_ACKNOWLEDGED, task.ackDeadlineMs());
        tasks.markEscalated(c, task.id(), Deadline.ACK, task.ackDeadlineMs());
        stored.add(new Escalation(event, eventRepository.audience(c, task.channel(),
            event.getSeq())));
        lastSeq = event.getSeq();
      }
      if (task.dueOverdue(now) && task.dueEscalatedFor() != task.dueMs()) {
        ChannelEvent event = append(c, task, lastSeq, EscalationKind.ESCALATION_KIND_OVERDUE,
            task.dueMs());
        tasks.markEscalated(c, task.id(), Deadline.DUE, task.dueMs());
        stored.add(new Escalation(event, eventRepository.audience(c, task.channel(),
            event.getSeq())));
      }
    }
    return stored;
  }

  private ChannelEvent append(Connection c, TaskRecord task, long lastSeq, EscalationKind kind,
      long deadline) throws SQLException {
    TaskEscalated escalated = TaskEscalated.newBuilder()
        .setTaskId(task.id().value())
        .setKind(kind)
        .setDeadlineMs(deadline)
        .setAssignee(task.assignee())
        .setStatus(task.status())
        .build();
    // An escalation shows the task's metadata: it is marked as the task is.
    return events.append(c, task.channel(), lastSeq, SERVER_ACTOR,
        ChannelEvent.newBuilder().setTaskEscalated(escalated), null, task.id().value(),
        EventAudience.SUPERVISORS, task.markings());
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
