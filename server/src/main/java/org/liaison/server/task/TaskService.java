package org.liaison.server.task;

import static org.liaison.server.task.TaskChecks.channelId;
import static org.liaison.server.task.TaskChecks.contentWhat;
import static org.liaison.server.task.TaskChecks.invalid;
import static org.liaison.server.task.TaskChecks.notFound;
import static org.liaison.server.task.TaskChecks.requireAllowed;
import static org.liaison.server.task.TaskChecks.requireShape;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.EnvelopeHeader;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ListTasks;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskChange;
import org.liaison.proto.v1.TaskDetail;
import org.liaison.proto.v1.TaskList;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.proto.v1.TaskUpdate;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.channel.ChannelRecord;
import org.liaison.server.channel.ChannelRepository;
import org.liaison.server.channel.EventAudience;
import org.liaison.server.channel.EventListener;
import org.liaison.server.channel.EventLog;
import org.liaison.server.channel.EventRepository;
import org.liaison.server.channel.Membership;
import org.liaison.server.channel.MembershipRules;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.MarkingsCheck;
import org.liaison.server.message.EnvelopeCheck;
import org.liaison.server.message.EnvelopeCheck.Recipient;
import org.liaison.server.message.RecipientCheck;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.session.Session;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;
import org.liaison.server.task.TaskStateMachine.Rule;
import org.liaison.server.task.TransitionCheck.Read;
import org.liaison.server.task.TransitionCheck.Verified;

/**
 * Tasks: signed transitions checked against the state machine ({@link TaskStateMachine}) and
 * the task's chain, stored durably with the channel event that carries them before the actor is
 * acknowledged, then published to the channel's members. Content envelopes are ciphertext: never
 * parsed, never logged.
 */
public final class TaskService {
  public static final int MAX_LIST = 500;
  public static final int DEFAULT_LIST = 100;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final ChannelRepository channels;
  private final EventRepository events;
  private final EventLog log;
  private final TaskRepository tasks;
  private final TransitionCheck check;
  private final RecipientCheck recipients;
  private final TaskMarkings taskMarkings;
  private final MembershipRules rules;
  private final int maxRecipients;
  private final EventListener listener;
  private final Clock clock;

  /**
   * @param maxRecipients most key wraps (recipient devices) one content envelope may carry
   */
  public TaskService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      ChannelRepository channels, EventRepository events, EventLog log, TaskRepository tasks,
      TransitionCheck check, RecipientCheck recipients, JdbcOfficerRepository officers,
      int maxRecipients, EventListener listener, Clock clock) {
    this.taskMarkings = new TaskMarkings(officers);
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.channels = channels;
    this.events = events;
    this.log = log;
    this.tasks = tasks;
    this.check = check;
    this.recipients = recipients;
    this.rules = new MembershipRules(channels);
    this.maxRecipients = maxRecipients;
    this.listener = listener;
    this.clock = clock;
  }

  private record Changed(TaskAccepted accepted, ChannelEvent event, Set<OfficerId> audience) {}

  /**
   * Creates a task or moves it one step; answers once the transition and its channel event are
   * durable. Refusals: see docs/tasks.md.
   */
  public CompletableFuture<TaskAccepted> change(Session session, TaskChange change) {
    if (!change.hasTransition()) {
      throw invalid("a task change carries a signed transition");
    }
    Read read = check.read(session, change.getTransition());
    TaskTransition t = read.transition();
    ChannelId channel = channelId(t.getChannelId());
    Rule rule = TaskStateMachine.rule(t.getAction())
        .orElseThrow(() -> invalid("the transition names no known action"));
    requireShape(t, rule);
    Optional<Envelope> content = change.hasContent() ? Optional.of(change.getContent())
        : Optional.empty();
    Set<Recipient> wrapped = requireContent(session, t, rule, content);
    Optional<Markings> contentMarkings = content.map(e -> MarkingsCheck.required(e.getHeader()));
    contentMarkings.ifPresent(m -> MarkingsCheck.requireSenderMaySee(session.officer(), m));
    TaskId id = new TaskId(t.getTaskId());
    OfficerId actor = session.officer().id();
    return writer.submit(c -> {
      Verified verified = check.verify(c, read);
      Optional<TaskRecord> existing = tasks.find(c, id);
      if (existing.isPresent()) {
        requireVisible(c, existing.get(), session.officer());
        if (!existing.get().channel().equals(channel)) {
          throw invalid("task " + id + " is in channel " + existing.get().channel()
              + ", the transition names " + channel);
        }
      }
      ChannelRecord locked = rules.requireOpenForSending(c, channel, actor);
      Optional<Changed> retry = retried(c, id, verified);
      if (retry.isPresent()) {
        return retry.get();
      }
      requireFollows(verified, id, existing);
      TaskStatus current = existing.map(TaskRecord::status)
          .orElse(TaskStatus.TASK_STATUS_UNSPECIFIED);
      Membership membership = channels.currentMembership(c, channel, actor).orElseThrow();
      requireAllowed(rule, t, id, current, membership.isSupervisor(),
          existing.map(task -> task.assignee().equals(actor.value())).orElse(false));
      requireMetadata(c, rule, t, existing);
      // A creation carries content, so a task always has markings: those of its creation.
      Markings markings = existing.map(TaskRecord::markings)
          .orElseGet(() -> contentMarkings.orElseThrow());
      TaskMarkings.requireSame(id, markings, contentMarkings);
      MarkingsCheck.requireUnderCeiling(locked, markings);
      if (rule.changesMetadata()) {
        taskMarkings.requireAssigneeMaySee(c, t, markings);
      }
      if (content.isPresent()) {
        recipients.require(c, locked, content.get().getHeader().getMembershipIndex(), wrapped,
            markings);
      }
      TaskUpdate.Builder update = TaskUpdate.newBuilder().setTransition(change.getTransition());
      content.ifPresent(update::setContent);
      ChannelEvent stored = log.append(c, channel, locked.lastSeq(), actor.value(),
          ChannelEvent.newBuilder().setTask(update), null, id.value(), EventAudience.MEMBERS,
          markings);
      TaskRecord after = applied(existing, t, verified.linkHash(), actor, markings);
      if (existing.isPresent()) {
        tasks.update(c, after);
      } else {
        tasks.insert(c, after);
      }
      tasks.appendTransition(c, id, t.getIndex(), change.getTransition(),
          content.map(Envelope::toByteArray).orElse(null), stored.getSeq());
      // Pushed live only to those who may see the task: the same rule as sync and history.
      Set<OfficerId> audience = events.audience(c, channel, stored.getSeq());
      return new Changed(accepted(t, stored.getSeq()), stored, audience);
    }, changed -> {
      if (changed.event() != null) {
        listener.published(changed.event(), changed.audience());
      }
    }).thenApply(Changed::accepted);
  }

  /** Tasks of the caller's current channels that pass every filter set. */
  public CompletableFuture<TaskList> list(Officer officer, ListTasks request) {
    if (request.getLimit() > MAX_LIST) {
      throw invalid("limit must be 1-" + MAX_LIST + " (0 for " + DEFAULT_LIST + ")");
    }
    for (TaskStatus status : request.getStatusesList()) {
      if (status == TaskStatus.TASK_STATUS_UNSPECIFIED || status == TaskStatus.UNRECOGNIZED) {
        throw invalid("statuses must name known task statuses");
      }
    }
    TaskRepository.Filter filter = new TaskRepository.Filter(
        request.getChannelId().isEmpty() ? Optional.empty()
            : Optional.of(channelId(request.getChannelId())),
        request.getMine(), request.getAssignedByMe(), List.copyOf(request.getStatusesList()),
        request.getOverdue(), request.getLimit() == 0 ? DEFAULT_LIST : request.getLimit());
    return readers.submit(() -> {
      long now = clock.millis();
      try (Connection c = dataSource.getConnection()) {
        TaskList.Builder list = TaskList.newBuilder();
        for (TaskRecord task : tasks.list(c, officer.id(), filter, now)) {
          list.addTasks(task.summary(now));
        }
        return list.build();
      }
    });
  }

  /**
   * One task with its transitions (index 0 first) and, for a supervisor of its channel, its
   * escalations, for a current member of its channel.
   */
  public CompletableFuture<TaskDetail> get(Officer officer, String taskId) {
    if (!TaskId.isValid(taskId)) {
      throw invalid("not a task id: " + taskId);
    }
    TaskId id = new TaskId(taskId);
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        TaskRecord task = tasks.find(c, id).filter(found -> officer.maySee(found.markings()))
            .orElseThrow(() -> notFound(id));
        Membership membership = channels.currentMembership(c, task.channel(), officer.id())
            .orElseThrow(() -> notFound(id));
        return TaskDetail.newBuilder()
            .setSummary(task.summary(clock.millis()))
            .addAllEvents(events.ofTask(c, task.channel(), id.value(),
                membership.isSupervisor()))
            .build();
      }
    });
  }

  /** @return the devices the content envelope is sealed for; empty without content */
  private Set<Recipient> requireContent(Session session, TaskTransition t, Rule rule,
      Optional<Envelope> content) {
    boolean digested = !t.getContentDigest().isEmpty();
    if (content.isPresent() != digested) {
      throw invalid(digested ? "the transition names a content digest but carries no content"
          : "the content's digest is not in the signed transition (content_digest is empty)");
    }
    if (content.isEmpty()) {
      if (rule.content() == TaskStateMachine.Content.REQUIRED) {
        throw invalid("a " + TaskStateMachine.name(rule.action())
            + " carries content (" + contentWhat(rule.action()) + ")");
      }
      return Set.of();
    }
    Envelope envelope = content.get();
    EnvelopeHeader header = envelope.getHeader();
    if (!header.getChannelId().equals(t.getChannelId())) {
      throw invalid("the content is for channel " + header.getChannelId() + ", the task is in "
          + t.getChannelId());
    }
    String messageId = t.getTaskId() + "." + t.getIndex();
    if (!header.getMessageId().equals(messageId)) {
      throw invalid("the content's message_id must be " + messageId);
    }
    if (!header.getSender().equals(session.officer().id().value())
        || !header.getSenderDevice().equals(session.deviceId())) {
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "the content's sender and device must be the connected officer's");
    }
    Set<Recipient> wrapped = EnvelopeCheck.requireWellFormed(envelope, maxRecipients);
    if (!Arrays.equals(t.getContentDigest().toByteArray(),
        TransitionCheck.contentDigest(envelope.getBody()))) {
      throw invalid("content_digest is not the SHA-256 of the content's body");
    }
    return wrapped;
  }

  // ---------------------------------------------------------------------------------------------
  // Checks inside the writer

  /** A task the actor may not see does not exist for them: the same answer as no task. */
  private void requireVisible(Connection c, TaskRecord task, Officer actor)
      throws SQLException {
    if (channels.currentMembership(c, task.channel(), actor.id()).isEmpty()
        || !actor.maySee(task.markings())) {
      throw notFound(task.id());
    }
  }

  /** A retry of a stored transition (same signed bytes) answers what the first one did. */
  private Optional<Changed> retried(Connection c, TaskId id, Verified verified)
      throws SQLException {
    TaskTransition t = verified.transition();
    return tasks.transition(c, id, t.getIndex())
        .filter(stored -> Arrays.equals(stored.signedTransition(),
            verified.signed().toByteArray()))
        .map(stored -> new Changed(accepted(t, stored.eventSeq()), null, Set.of()));
  }

  private void requireFollows(Verified verified, TaskId id, Optional<TaskRecord> existing) {
    TaskTransition t = verified.transition();
    if (t.getAction() == TaskAction.TASK_ACTION_CREATE) {
      if (existing.isPresent()) {
        throw new LiaisonException(ErrorCode.CONFLICT, "task id " + id
            + " is taken: choose another at random and sign the creation again");
      }
      return;
    }
    TaskRecord task = existing.orElseThrow(() -> notFound(id));
    if (t.getIndex() != task.lastIndex() + 1
        || !Arrays.equals(t.getPreviousHash().toByteArray(), task.lastLinkHash())) {
      throw new LiaisonException(ErrorCode.CONFLICT, "task " + id
          + " changed meanwhile: its newest transition is " + task.lastIndex()
          + "; fetch it and sign transition " + (task.lastIndex() + 1) + " again");
    }
  }

  private void requireMetadata(Connection c, Rule rule, TaskTransition t,
      Optional<TaskRecord> existing) throws SQLException {
    if (rule.changesMetadata()) {
      if (t.getPriority() == TaskPriority.TASK_PRIORITY_UNSPECIFIED) {
        throw invalid("a " + TaskStateMachine.name(rule.action()) + " names a priority");
      }
      if (!OfficerId.isValid(t.getAssignee()) || channels.currentMembership(c,
          new ChannelId(t.getChannelId()), new OfficerId(t.getAssignee())).isEmpty()) {
        throw invalid("the assignee must be a current member of channel " + t.getChannelId()
            + ", not \"" + t.getAssignee() + "\"");
      }
      return;
    }
    TaskRecord task = existing.orElseThrow();
    if (!t.getAssignee().equals(task.assignee()) || t.getPriority() != task.priority()
        || t.getDueMs() != task.dueMs() || t.getAckDeadlineMs() != task.ackDeadlineMs()) {
      throw invalid("a " + TaskStateMachine.name(rule.action()) + " carries the task's current"
          + " assignee, priority, due time and ack deadline unchanged (only create, assign and"
          + " reschedule change them)");
    }
  }

  private TaskRecord applied(Optional<TaskRecord> existing, TaskTransition t, byte[] linkHash,
      OfficerId actor, Markings markings) {
    long now = clock.millis();
    TaskStatus current = existing.map(TaskRecord::status)
        .orElse(TaskStatus.TASK_STATUS_UNSPECIFIED);
    TaskStatus to = TaskStateMachine.rule(t.getAction()).orElseThrow().target(current);
    boolean assigns = t.getAction() == TaskAction.TASK_ACTION_CREATE
        || t.getAction() == TaskAction.TASK_ACTION_ASSIGN;
    String lastAssignedBy = assigns ? actor.value()
        : existing.map(TaskRecord::lastAssignedBy).orElseThrow();
    return new TaskRecord(new TaskId(t.getTaskId()), new ChannelId(t.getChannelId()), to,
        t.getAssignee(), existing.map(TaskRecord::createdBy).orElse(actor.value()),
        lastAssignedBy, t.getPriority(), t.getDueMs(), t.getAckDeadlineMs(),
        existing.map(TaskRecord::createdMs).orElse(now), now, t.getIndex(), linkHash,
        existing.map(TaskRecord::ackEscalatedFor).orElse(0L),
        existing.map(TaskRecord::dueEscalatedFor).orElse(0L), markings);
  }

  private static TaskAccepted accepted(TaskTransition t, long seq) {
    return TaskAccepted.newBuilder().setTaskId(t.getTaskId()).setIndex(t.getIndex())
        .setStatus(t.getTo()).setChannelId(t.getChannelId()).setSeq(seq).build();
  }
}
