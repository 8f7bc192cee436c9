package org.liaison.server.task;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.MarkingsCheck;
import org.liaison.server.officer.JdbcOfficerRepository;

/**
 * The markings rules particular to tasks: a task is marked once, by its creation's content, and
 * is only ever in the hands of an officer who may see it. Runs inside the writer's transaction.
 */
final class TaskMarkings {
  private final JdbcOfficerRepository officers;

  TaskMarkings(JdbcOfficerRepository officers) {
    this.officers = officers;
  }

  /**
   * Every content of one task is marked as its creation: a later note cannot raise or widen what
   * the task is, since who sees the task is decided once, by its markings.
   */
  static void requireSame(TaskId id, Markings task, Optional<Markings> content) {
    if (content.isPresent() && !content.get().equals(task)) {
      throw MarkingsCheck.refuse(ErrorCode.INVALID_ARGUMENT, "the content of a transition of task "
          + id + " must be marked as the task is (" + org.liaison.markings.Markings.banner(task)
          + "), not " + org.liaison.markings.Markings.banner(content.get()));
    }
  }

  /** A task is only assigned to an officer who may see it. */
  void requireAssigneeMaySee(Connection c, TaskTransition t, Markings markings)
      throws SQLException {
    if (!OfficerId.isValid(t.getAssignee())) {
      return;
    }
    var assignee = officers.find(c, new OfficerId(t.getAssignee()));
    if (assignee.isPresent() && !assignee.get().maySee(markings)) {
      throw MarkingsCheck.refuse(ErrorCode.NOT_RELEASABLE, "task " + t.getTaskId()
          + " cannot be assigned to " + t.getAssignee() + " (" + assignee.get().nation()
          + ", cleared " + org.liaison.markings.Markings.name(assignee.get().clearance())
          + "): they may not see " + org.liaison.markings.Markings.banner(markings));
    }
  }
}
