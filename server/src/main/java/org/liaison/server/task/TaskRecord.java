package org.liaison.server.task;

import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskSummary;
import org.liaison.server.channel.ChannelId;

/**
 * A task as stored: its current plaintext metadata and the head of its transition chain. Times
 * are epoch milliseconds; a deadline of 0 means none.
 *
 * @param ackEscalatedFor the acknowledgement deadline already escalated, 0 when none
 * @param dueEscalatedFor the due time already escalated, 0 when none
 * @param markings fixed by its creation's content: who may see the task at all
 */
public record TaskRecord(
    TaskId id, ChannelId channel, TaskStatus status, String assignee, String createdBy,
    String lastAssignedBy, TaskPriority priority, long dueMs, long ackDeadlineMs, long createdMs,
    long updatedMs, long lastIndex, byte[] lastLinkHash, long ackEscalatedFor,
    long dueEscalatedFor, Markings markings) {

  /** Whether the acknowledgement deadline has passed while the task is still unacknowledged. */
  public boolean ackOverdue(long nowMs) {
    return status == TaskStatus.TASK_STATUS_ASSIGNED && ackDeadlineMs > 0
        && ackDeadlineMs <= nowMs;
  }

  /** Whether the due time has passed while the task is neither done, rejected nor cancelled. */
  public boolean dueOverdue(long nowMs) {
    return TaskStateMachine.OPEN.contains(status) && status != TaskStatus.TASK_STATUS_REJECTED
        && dueMs > 0 && dueMs <= nowMs;
  }

  public boolean overdue(long nowMs) {
    return ackOverdue(nowMs) || dueOverdue(nowMs);
  }

  public TaskSummary summary(long nowMs) {
    return TaskSummary.newBuilder()
        .setTaskId(id.value())
        .setChannelId(channel.value())
        .setStatus(status)
        .setAssignee(assignee)
        .setCreatedBy(createdBy)
        .setPriority(priority)
        .setDueMs(dueMs)
        .setAckDeadlineMs(ackDeadlineMs)
        .setCreatedMs(createdMs)
        .setUpdatedMs(updatedMs)
        .setLastIndex(lastIndex)
        .setOverdue(overdue(nowMs))
        .build();
  }
}
