package org.liaison.server.task;

import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.task.TaskStateMachine.Rule;

/**
 * The checks of a task change that need no storage, and the refusals {@link TaskService} shares
 * between them and its storage checks: kept apart so the service reads as the order of its steps.
 */
final class TaskChecks {
  private TaskChecks() {}

  static void requireShape(TaskTransition t, Rule rule) {
    if (t.getFrom() == TaskStatus.UNRECOGNIZED || t.getTo() == TaskStatus.UNRECOGNIZED
        || t.getPriority() == TaskPriority.UNRECOGNIZED) {
      throw invalid("the transition names an unknown status or priority");
    }
    if (t.getDueMs() < 0 || t.getAckDeadlineMs() < 0) {
      throw invalid("due_ms and ack_deadline_ms are 0 (none) or a time, never negative");
    }
    if (rule.action() == TaskAction.TASK_ACTION_CREATE) {
      if (t.getIndex() != 0 || !t.getPreviousHash().isEmpty()) {
        throw invalid("a task's creation is its transition 0, with an empty previous_hash");
      }
    } else if (t.getIndex() == 0) {
      throw invalid("transition 0 of a task is its creation");
    }
  }

  static void requireAllowed(Rule rule, TaskTransition t, TaskId id, TaskStatus current,
      boolean supervisor, boolean assignee) {
    String action = TaskStateMachine.name(rule.action());
    String state = current == TaskStatus.TASK_STATUS_UNSPECIFIED ? ""
        : " (task " + id + " is " + TaskStateMachine.name(current) + ")";
    boolean allowed = switch (rule.actor()) {
      case SUPERVISOR -> supervisor;
      case ASSIGNEE -> assignee;
      case ASSIGNEE_OR_SUPERVISOR -> assignee || supervisor;
    };
    if (!allowed) {
      String who = switch (rule.actor()) {
        case SUPERVISOR -> "a supervisor of channel " + t.getChannelId();
        case ASSIGNEE -> "the task's assignee";
        case ASSIGNEE_OR_SUPERVISOR -> "the task's assignee or a supervisor of its channel";
      };
      throw new LiaisonException(ErrorCode.PERMISSION_DENIED,
          "only " + who + " may " + action + state);
    }
    if (!rule.from().contains(current)) {
      throw new LiaisonException(ErrorCode.ILLEGAL_TRANSITION, "task " + id + " is "
          + TaskStateMachine.name(current) + "; " + action + " needs a task that is "
          + TaskStateMachine.names(rule.from()));
    }
    TaskStatus target = rule.target(current);
    if (t.getFrom() != current || t.getTo() != target) {
      throw new LiaisonException(ErrorCode.ILLEGAL_TRANSITION, "task " + id + " is "
          + TaskStateMachine.name(current) + "; " + action + " moves it from "
          + TaskStateMachine.name(current) + " to " + TaskStateMachine.name(target)
          + ", the transition says " + TaskStateMachine.name(t.getFrom()) + " to "
          + TaskStateMachine.name(t.getTo()));
    }
  }

  static String contentWhat(TaskAction action) {
    return switch (action) {
      case TASK_ACTION_CREATE -> "the title and description";
      case TASK_ACTION_REJECT -> "the reason";
      default -> "the note";
    };
  }

  static ChannelId channelId(String value) {
    if (!ChannelId.isValid(value)) {
      throw invalid("not a channel id: " + value);
    }
    return new ChannelId(value);
  }

  static LiaisonException notFound(TaskId id) {
    return new LiaisonException(ErrorCode.NOT_FOUND,
        "no task " + id + " in a channel you are a member of");
  }

  static LiaisonException invalid(String message) {
    return new LiaisonException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
