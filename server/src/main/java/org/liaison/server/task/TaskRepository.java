package org.liaison.server.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.StoredMarkings;

/**
 * SQL for {@code tasks} and {@code task_transitions}. Methods run on the caller's connection, so
 * a transition is stored in the same transaction as the channel event that carries it.
 */
public final class TaskRepository {
  private static final String COLUMNS = """
      t.task_id, t.channel_id, t.status, t.assignee, t.created_by, t.last_assigned_by,
      t.priority, t.due_at, t.ack_deadline_at, t.created_at, t.updated_at, t.last_index,
      t.last_link_hash, t.ack_escalated_for, t.due_escalated_for, t.markings
      """;
  // Mirrors TaskRecord.overdue: an open deadline that has passed.
  private static final String OVERDUE = """
      ((t.status = 'ASSIGNED' AND t.ack_deadline_at IS NOT NULL AND t.ack_deadline_at <= ?)
        OR (t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS')
            AND t.due_at IS NOT NULL AND t.due_at <= ?))
      """;

  /** What ListTasks asks for, already validated. */
  public record Filter(Optional<ChannelId> channel, boolean mine, boolean assignedByMe,
      List<TaskStatus> statuses, boolean overdue, int limit) {}

  /** Which deadline an escalation is for. */
  public enum Deadline { ACK, DUE }

  public Optional<TaskRecord> find(Connection c, TaskId id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM tasks t WHERE t.task_id = ?")) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(task(rs)) : Optional.empty();
      }
    }
  }

  public void insert(Connection c, TaskRecord task) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO tasks (task_id, channel_id, status, assignee, created_by, last_assigned_by,
                           priority, due_at, ack_deadline_at, created_at, updated_at, last_index,
                           last_link_hash, ack_escalated_for, due_escalated_for, markings,
                           classification, releasable_to)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)
        """)) {
      ps.setString(1, task.id().value());
      ps.setString(2, task.channel().value());
      ps.setString(3, TaskStateMachine.name(task.status()));
      ps.setString(4, task.assignee());
      ps.setString(5, task.createdBy());
      ps.setString(6, task.lastAssignedBy());
      ps.setString(7, priorityName(task.priority()));
      setDeadline(ps, 8, task.dueMs());
      setDeadline(ps, 9, task.ackDeadlineMs());
      ps.setLong(10, task.createdMs());
      ps.setLong(11, task.updatedMs());
      ps.setLong(12, task.lastIndex());
      ps.setBytes(13, task.lastLinkHash());
      ps.setBytes(14, task.markings().toByteArray());
      StoredMarkings.bind(ps, 15, task.markings());
      ps.executeUpdate();
    }
  }

  /** Stores the task's metadata after a transition and makes that transition the chain's head. */
  public void update(Connection c, TaskRecord task) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE tasks SET status = ?, assignee = ?, last_assigned_by = ?, priority = ?,
                         due_at = ?, ack_deadline_at = ?, updated_at = ?, last_index = ?,
                         last_link_hash = ?
         WHERE task_id = ?
        """)) {
      ps.setString(1, TaskStateMachine.name(task.status()));
      ps.setString(2, task.assignee());
      ps.setString(3, task.lastAssignedBy());
      ps.setString(4, priorityName(task.priority()));
      setDeadline(ps, 5, task.dueMs());
      setDeadline(ps, 6, task.ackDeadlineMs());
      ps.setLong(7, task.updatedMs());
      ps.setLong(8, task.lastIndex());
      ps.setBytes(9, task.lastLinkHash());
      ps.setString(10, task.id().value());
      ps.executeUpdate();
    }
  }

  /** Stores one signed transition with its content envelope (null when none). */
  public void appendTransition(Connection c, TaskId task, long index, SignedTransition signed,
      byte[] content, long eventSeq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO task_transitions (task_id, idx, signed_transition, content, event_seq)
        VALUES (?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, task.value());
      ps.setLong(2, index);
      ps.setBytes(3, signed.toByteArray());
      ps.setBytes(4, content);
      ps.setLong(5, eventSeq);
      ps.executeUpdate();
    }
  }

  /** The stored transition {@code index} of the task and the seq of its event, if any. */
  public Optional<StoredTransition> transition(Connection c, TaskId task, long index)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT signed_transition, event_seq FROM task_transitions WHERE task_id = ? AND idx = ?
        """)) {
      ps.setString(1, task.value());
      ps.setLong(2, index);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new StoredTransition(rs.getBytes(1), rs.getLong(2)))
            : Optional.empty();
      }
    }
  }

  /** A transition as stored: its signed bytes and the seq of the event that carried it. */
  public record StoredTransition(byte[] signedTransition, long eventSeq) {}

  /**
   * Tasks of the channels the officer is a current member of and whose markings they may see
   * (a task they may not see is not listed at all, not even its metadata), most recently updated
   * first.
   */
  public List<TaskRecord> list(Connection c, OfficerId officer, Filter filter, long nowMs)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + """
         FROM tasks t
        WHERE EXISTS (SELECT 1 FROM channel_members m
                       WHERE m.channel_id = t.channel_id AND m.officer_id = ?
                         AND m.until_seq IS NULL)
          AND EXISTS (SELECT 1 FROM officers o WHERE o.officer_id = ? AND"""
        + " " + StoredMarkings.visible("t", "o") + ")");
    List<Object> args = new ArrayList<>();
    args.add(officer.value());
    args.add(officer.value());
    filter.channel().ifPresent(channel -> {
      sql.append(" AND t.channel_id = ?");
      args.add(channel.value());
    });
    if (filter.mine()) {
      sql.append(" AND t.assignee = ?");
      args.add(officer.value());
    }
    if (filter.assignedByMe()) {
      sql.append(" AND (t.created_by = ? OR t.last_assigned_by = ?)");
      args.add(officer.value());
      args.add(officer.value());
    }
    if (!filter.statuses().isEmpty()) {
      sql.append(" AND t.status IN (")
          .append(String.join(", ", filter.statuses().stream().map(s -> "?").toList()))
          .append(")");
      filter.statuses().forEach(s -> args.add(TaskStateMachine.name(s)));
    }
    if (filter.overdue()) {
      sql.append(" AND ").append(OVERDUE);
      args.add(nowMs);
      args.add(nowMs);
    }
    sql.append(" ORDER BY t.updated_at DESC, t.task_id LIMIT ?");
    args.add(filter.limit());
    return query(c, sql.toString(), args);
  }

  /**
   * Tasks in open channels with a deadline that has passed and has not been escalated for its
   * current value, at most {@code limit}.
   */
  public List<TaskRecord> dueForEscalation(Connection c, long nowMs, int limit)
      throws SQLException {
    return query(c, "SELECT " + COLUMNS + """
         FROM tasks t JOIN channels ch ON ch.channel_id = t.channel_id
        WHERE ch.archived = FALSE AND (
              (t.status = 'ASSIGNED' AND t.ack_deadline_at IS NOT NULL
               AND t.ack_deadline_at <= ?
               AND (t.ack_escalated_for IS NULL OR t.ack_escalated_for <> t.ack_deadline_at))
           OR (t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND t.due_at IS NOT NULL
               AND t.due_at <= ?
               AND (t.due_escalated_for IS NULL OR t.due_escalated_for <> t.due_at)))
        ORDER BY t.channel_id, t.task_id LIMIT ?
        """, List.of(nowMs, nowMs, limit));
  }

  /** Records that the deadline {@code value} of the task has been escalated. */
  public void markEscalated(Connection c, TaskId task, Deadline deadline, long value)
      throws SQLException {
    String column = deadline == Deadline.ACK ? "ack_escalated_for" : "due_escalated_for";
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE tasks SET " + column + " = ? WHERE task_id = ?")) {
      ps.setLong(1, value);
      ps.setString(2, task.value());
      ps.executeUpdate();
    }
  }

  private static List<TaskRecord> query(Connection c, String sql, List<Object> args)
      throws SQLException {
    List<TaskRecord> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(task(rs));
        }
      }
    }
    return result;
  }

  private static TaskRecord task(ResultSet rs) throws SQLException {
    return new TaskRecord(new TaskId(rs.getString(1)), new ChannelId(rs.getString(2)),
        TaskStatus.valueOf("TASK_STATUS_" + rs.getString(3)), rs.getString(4), rs.getString(5),
        rs.getString(6), TaskPriority.valueOf("TASK_PRIORITY_" + rs.getString(7)),
        rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
        rs.getBytes(13), rs.getLong(14), rs.getLong(15), StoredMarkings.parse(rs.getBytes(16)));
  }

  private static void setDeadline(PreparedStatement ps, int index, long ms) throws SQLException {
    if (ms == 0) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, ms);
    }
  }

  private static String priorityName(TaskPriority priority) {
    return priority.name().replace("TASK_PRIORITY_", "");
  }
}
