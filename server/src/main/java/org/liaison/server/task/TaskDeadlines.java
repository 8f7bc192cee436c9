package org.liaison.server.task;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.EscalationKind;
import org.liaison.proto.v1.TaskEscalated;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.Escalator;
import org.liaison.server.channel.Escalator.Escalation;
import org.liaison.server.channel.EventAudience;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.task.TaskRepository.Deadline;

/**
 * Missed task deadlines: a task still unacknowledged at its acknowledgement deadline, or not done,
 * rejected or cancelled at its due time, gets a {@code task_escalated} event in its channel's
 * stream, seen by the channel's supervisors only. Once per deadline value: a new deadline
 * (reschedule) can escalate again.
 */
public final class TaskDeadlines implements Escalator.Rule {
  private final ChannelRepository channels;
  private final TaskRepository tasks;
  private final EventLog events;
  private final EventRepository eventRepository;

  public TaskDeadlines(ChannelRepository channels, TaskRepository tasks, EventLog events,
      EventRepository eventRepository) {
    this.channels = channels;
    this.tasks = tasks;
    this.events = events;
    this.eventRepository = eventRepository;
  }

  @Override
  public List<Escalation> escalate(Connection c, long now) throws SQLException {
    List<Escalation> stored = new ArrayList<>();
    for (TaskRecord task : tasks.dueForEscalation(c, now, Escalator.MAX_PER_CHECK)) {
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
    return events.append(c, task.channel(), lastSeq, Escalator.SERVER_ACTOR,
        ChannelEvent.newBuilder().setTaskEscalated(escalated), null, task.id().value(),
        EventAudience.SUPERVISORS, task.markings());
  }
}
