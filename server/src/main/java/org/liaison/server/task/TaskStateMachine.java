package org.liaison.server.task;

import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ACKNOWLEDGED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ASSIGNED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_CANCELLED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_DONE;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_IN_PROGRESS;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_REJECTED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_UNSPECIFIED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskStatus;

/**
 * The task state machine: for every action, who may take it, from which statuses, to which
 * status, and whether it carries content. This table is the one documented in docs/tasks.md;
 * the service checks every transition against it and nothing else.
 */
public final class TaskStateMachine {

  /** Who may take an action. */
  public enum Actor { SUPERVISOR, ASSIGNEE, ASSIGNEE_OR_SUPERVISOR }

  /** Whether a transition carries a content envelope. */
  public enum Content { REQUIRED, OPTIONAL }

  /**
   * One row of the table.
   *
   * @param from the statuses the action applies to (UNSPECIFIED: a task that does not exist)
   * @param to the status it leads to; empty when the status stays the same
   * @param changesMetadata whether it may change assignee, priority, due time and ack deadline
   */
  public record Rule(TaskAction action, Actor actor, Set<TaskStatus> from,
      Optional<TaskStatus> to, Content content, boolean changesMetadata) {

    /** The status this action leads to from {@code current}. */
    public TaskStatus target(TaskStatus current) {
      return to.orElse(current);
    }
  }

  /** The statuses a task can still move from, other than by a reopen. */
  public static final Set<TaskStatus> OPEN = EnumSet.of(TASK_STATUS_ASSIGNED,
      TASK_STATUS_ACKNOWLEDGED, TASK_STATUS_IN_PROGRESS, TASK_STATUS_REJECTED);

  private static final Map<TaskAction, Rule> TABLE = new EnumMap<>(TaskAction.class);

  static {
    rule(TaskAction.TASK_ACTION_CREATE, Actor.SUPERVISOR, EnumSet.of(TASK_STATUS_UNSPECIFIED),
        TASK_STATUS_ASSIGNED, Content.REQUIRED, true);
    rule(TaskAction.TASK_ACTION_ASSIGN, Actor.SUPERVISOR, OPEN, TASK_STATUS_ASSIGNED,
        Content.OPTIONAL, true);
    rule(TaskAction.TASK_ACTION_RESCHEDULE, Actor.SUPERVISOR, OPEN, null, Content.OPTIONAL, true);
    rule(TaskAction.TASK_ACTION_ACK, Actor.ASSIGNEE, EnumSet.of(TASK_STATUS_ASSIGNED),
        TASK_STATUS_ACKNOWLEDGED, Content.OPTIONAL, false);
    rule(TaskAction.TASK_ACTION_START, Actor.ASSIGNEE,
        EnumSet.of(TASK_STATUS_ASSIGNED, TASK_STATUS_ACKNOWLEDGED), TASK_STATUS_IN_PROGRESS,
        Content.OPTIONAL, false);
    rule(TaskAction.TASK_ACTION_NOTE, Actor.ASSIGNEE_OR_SUPERVISOR, OPEN, null,
        Content.REQUIRED, false);
    rule(TaskAction.TASK_ACTION_COMPLETE, Actor.ASSIGNEE,
        EnumSet.of(TASK_STATUS_ACKNOWLEDGED, TASK_STATUS_IN_PROGRESS), TASK_STATUS_DONE,
        Content.OPTIONAL, false);
    rule(TaskAction.TASK_ACTION_REJECT, Actor.ASSIGNEE, EnumSet.of(TASK_STATUS_ASSIGNED,
        TASK_STATUS_ACKNOWLEDGED, TASK_STATUS_IN_PROGRESS), TASK_STATUS_REJECTED,
        Content.REQUIRED, false);
    rule(TaskAction.TASK_ACTION_CANCEL, Actor.SUPERVISOR, OPEN, TASK_STATUS_CANCELLED,
        Content.OPTIONAL, false);
    rule(TaskAction.TASK_ACTION_REOPEN, Actor.SUPERVISOR, EnumSet.of(TASK_STATUS_DONE),
        TASK_STATUS_ASSIGNED, Content.OPTIONAL, false);
  }

  private TaskStateMachine() {}

  private static void rule(TaskAction action, Actor actor, Set<TaskStatus> from, TaskStatus to,
      Content content, boolean changesMetadata) {
    TABLE.put(action, new Rule(action, actor, Set.copyOf(from), Optional.ofNullable(to), content,
        changesMetadata));
  }

  /** The rule of an action; empty for UNSPECIFIED or an action this server does not know. */
  public static Optional<Rule> rule(TaskAction action) {
    return Optional.ofNullable(TABLE.get(action));
  }

  /** Every rule, in action order (for documentation and tests). */
  public static Map<TaskAction, Rule> table() {
    return Map.copyOf(TABLE);
  }

  /** "ACKNOWLEDGED" for TASK_STATUS_ACKNOWLEDGED. */
  public static String name(TaskStatus status) {
    return status.name().replace("TASK_STATUS_", "");
  }

  /** "ack" for TASK_ACTION_ACK. */
  public static String name(TaskAction action) {
    return action.name().replace("TASK_ACTION_", "").toLowerCase(Locale.ROOT);
  }

  /** "ASSIGNED or ACKNOWLEDGED", in status order. */
  public static String names(Set<TaskStatus> statuses) {
    return statuses.stream().sorted().map(TaskStateMachine::name)
        .collect(Collectors.joining(" or "));
  }
}
