package org.liaison.client.crypto;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;

/**
 * A task's history as far as it verified (see {@link TaskChain#check}): the transitions, index 0
 * first, whose signatures, signers, links and states all check out, and the refusal of the first
 * one that did not, if any. Only the verified transitions say anything about the task; nothing
 * after a refusal is trusted.
 *
 * @param taskId     the task
 * @param verified   the verified transitions, index 0 first (empty when even the creation failed)
 * @param rejection  why the transition after the last verified one was refused; empty when the
 *                   whole chain verified
 */
public record VerifiedTask(String taskId, List<VerifiedTransition> verified, Optional<TaskRejectedException> rejection) {

    public VerifiedTask {
        Objects.requireNonNull(taskId, "taskId");
        verified = List.copyOf(verified);
        Objects.requireNonNull(rejection, "rejection");
    }

    /** Whether every transition the server sent verified. */
    public boolean isComplete() {
        return rejection.isEmpty() && !verified.isEmpty();
    }

    /** The newest verified transition. */
    public Optional<VerifiedTransition> head() {
        return verified.isEmpty() ? Optional.empty() : Optional.of(verified.get(verified.size() - 1));
    }

    private TaskTransition last() {
        return head().orElseThrow(() -> new IllegalStateException("task " + taskId
                + " has no verified transition")).transition();
    }

    /** The task's channel, as its verified creation states. */
    public String channelId() {
        return verified.isEmpty() ? "" : verified.get(0).transition().getChannelId();
    }

    /** The status after the newest verified transition. */
    public TaskStatus status() {
        return last().getTo();
    }

    /** The assignee after the newest verified transition. */
    public String assignee() {
        return last().getAssignee();
    }

    /** The priority after the newest verified transition. */
    public TaskPriority priority() {
        return last().getPriority();
    }

    /** Who created the task (signed the verified creation). */
    public String creator() {
        return verified.isEmpty() ? "" : verified.get(0).transition().getActor();
    }
}
