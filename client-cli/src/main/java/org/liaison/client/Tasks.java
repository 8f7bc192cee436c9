package org.liaison.client;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceCredentials;
import org.liaison.client.crypto.TaskChain;
import org.liaison.client.crypto.VerifiedMembership;
import org.liaison.client.crypto.VerifiedTask;
import org.liaison.client.crypto.VerifiedTransition;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ClientFrame;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.GetTask;
import org.liaison.proto.v1.ListTasks;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.ServerFrame.BodyCase;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskChange;
import org.liaison.proto.v1.TaskDetail;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskSummary;
import org.liaison.proto.v1.TaskTransition;

/**
 * The task requests of one connection: create a task in a channel, move it along its life
 * (assign, reschedule, acknowledge, start, note, complete, reject, cancel, reopen), list tasks and
 * show one with its verified history.
 *
 * <p>Every change is a transition signed by this device (see {@link TaskChain}). To make one, the
 * task is fetched and its whole chain verified first (this device never signs on top of a history
 * it cannot verify: that fails with a {@link org.liaison.client.crypto.TaskRejectedException});
 * the next transition follows its head. What a person writes (title and description, a note, a
 * result, a reason) is sealed end to end for the channel's verified members exactly like a
 * message, under the id {@code <task>.<index>}, and the transition signs its digest. The content
 * carries markings like a message (docs/markings.md): the creation's are chosen by its creator (else
 * the channel's default), and every later content carries the creation's, read from its verified
 * envelope. When the
 * server answers {@code CONFLICT} (the task changed meanwhile) the task is fetched again and the
 * change made once more, once; {@code MEMBERSHIP_CHANGED} refetches the recipients once, as for a
 * message (see {@link Messages#send}).
 *
 * <p>What the state machine allows, and who may act, is the server's to enforce: a change it
 * refuses fails with a {@link ServerRefusedException} ({@code ILLEGAL_TRANSITION} naming the
 * task's state, {@code PERMISSION_DENIED}, {@code NOT_FOUND}…). Futures complete on the
 * connection's event loop.
 */
public final class Tasks {

    private final LiaisonClient client;
    private final Messages messages;
    private final BundleVerifier verifier;
    private final DeviceCredentials device;
    private final Clock clock;
    private final TaskOpener opener;
    private final TaskHistory history;

    /**
     * Task requests over {@code client}'s connection, sealing contents through {@code messages}
     * (built with this device's keys), signing with {@code device}, verifying signers with
     * {@code verifier}, dating transitions with {@code clock}.
     */
    public Tasks(LiaisonClient client, Messages messages, BundleVerifier verifier, DeviceCredentials device,
                 Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.messages = Objects.requireNonNull(messages, "messages");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.device = Objects.requireNonNull(device, "device");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.opener = new TaskOpener(verifier, device, clock);
        this.history = new TaskHistory(verifier, opener, clock);
    }

    /**
     * What {@link #list} narrows the tasks to; every criterion set narrows further.
     *
     * @param channelId    only this channel's tasks (null for all the caller's channels)
     * @param mine         only tasks assigned to the caller
     * @param assignedByMe only tasks the caller created or last assigned
     * @param statuses     only tasks in one of these states (empty for any)
     * @param overdue      only tasks past a deadline and not closed
     * @param limit        at most this many, 1-500 (0 for the server's default, 100)
     */
    public record Filter(String channelId, boolean mine, boolean assignedByMe, Set<TaskStatus> statuses,
                         boolean overdue, int limit) {

        public Filter {
            statuses = Set.copyOf(statuses);
        }

        /** No narrowing: the caller's channels' tasks, the server's default number. */
        public static Filter all() {
            return new Filter(null, false, false, Set.of(), false, 0);
        }
    }

    /**
     * Creates a task in {@code channelId} (channel supervisors only) under a fresh task id.
     *
     * @param title       what to do; sealed for the channel's members
     * @param description details; sealed with the title
     * @param assignee    the member who is to do it
     * @param priority    how urgent
     * @param due         when it must be done (empty for no due time)
     * @param ackDeadline when it must be acknowledged by (empty for none)
     * @return completes once the task is durably stored
     */
    public CompletableFuture<TaskAccepted> create(String channelId, String title, String description, String assignee,
                                                  TaskPriority priority, Optional<Instant> due,
                                                  Optional<Instant> ackDeadline) {
        return create(channelId, title, description, assignee, priority, due, ackDeadline, Optional.empty());
    }

    /**
     * As {@link #create(String, String, String, String, TaskPriority, Optional, Optional)}, marked
     * {@code markings} (empty: the channel's default markings); every later step of the task
     * carries the same markings. Refused locally with a {@link MarkingsRefusedException} as a
     * message would be.
     */
    public CompletableFuture<TaskAccepted> create(String channelId, String title, String description, String assignee,
                                                  TaskPriority priority, Optional<Instant> due,
                                                  Optional<Instant> ackDeadline, Optional<Markings> markings) {
        Objects.requireNonNull(markings, "markings");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(assignee, "assignee");
        Objects.requireNonNull(priority, "priority");
        TaskTransition.Builder creation = TaskChain.create(TaskChain.newTaskId(), channelId, device, clock.instant())
                .setAssignee(assignee)
                .setPriority(priority)
                .setDueMs(due.map(Instant::toEpochMilli).orElse(0L))
                .setAckDeadlineMs(ackDeadline.map(Instant::toEpochMilli).orElse(0L));
        return submit(creation, new TaskContent(title, description).encodeCreation(), TaskContent.CONTENT_TYPE,
                markings);
    }

    /** Assigns the task to {@code assignee}, a member of its channel (channel supervisors). */
    public CompletableFuture<TaskAccepted> assign(String taskId, String assignee) {
        Objects.requireNonNull(assignee, "assignee");
        return change(taskId, TaskAction.TASK_ACTION_ASSIGN, next -> next.setAssignee(assignee), null);
    }

    /**
     * Changes the task's due time and acknowledgement deadline (channel supervisors); an empty one
     * is kept as it is.
     */
    public CompletableFuture<TaskAccepted> reschedule(String taskId, Optional<Instant> due, Optional<Instant> ackDeadline) {
        return change(taskId, TaskAction.TASK_ACTION_RESCHEDULE, next -> {
            due.ifPresent(time -> next.setDueMs(time.toEpochMilli()));
            ackDeadline.ifPresent(time -> next.setAckDeadlineMs(time.toEpochMilli()));
            return next;
        }, null);
    }

    /** Acknowledges the task (its assignee). */
    public CompletableFuture<TaskAccepted> ack(String taskId) {
        return change(taskId, TaskAction.TASK_ACTION_ACK, UnaryOperator.identity(), null);
    }

    /** Starts the task (its assignee). */
    public CompletableFuture<TaskAccepted> start(String taskId) {
        return change(taskId, TaskAction.TASK_ACTION_START, UnaryOperator.identity(), null);
    }

    /** Posts a progress note, sealed for the channel's members (the assignee or a supervisor). */
    public CompletableFuture<TaskAccepted> note(String taskId, String text) {
        return change(taskId, TaskAction.TASK_ACTION_NOTE, UnaryOperator.identity(), Objects.requireNonNull(text, "text"));
    }

    /** Completes the task (its assignee), with an optional result note ({@code null} or empty for none). */
    public CompletableFuture<TaskAccepted> complete(String taskId, String result) {
        return change(taskId, TaskAction.TASK_ACTION_COMPLETE, UnaryOperator.identity(), result);
    }

    /** Rejects the task (its assignee), saying why. */
    public CompletableFuture<TaskAccepted> reject(String taskId, String reason) {
        return change(taskId, TaskAction.TASK_ACTION_REJECT, UnaryOperator.identity(),
                Objects.requireNonNull(reason, "reason"));
    }

    /** Cancels the task (channel supervisors), with an optional reason ({@code null} or empty for none). */
    public CompletableFuture<TaskAccepted> cancel(String taskId, String reason) {
        return change(taskId, TaskAction.TASK_ACTION_CANCEL, UnaryOperator.identity(), reason);
    }

    /** Reopens a done task (channel supervisors), with an optional note ({@code null} or empty for none). */
    public CompletableFuture<TaskAccepted> reopen(String taskId, String note) {
        return change(taskId, TaskAction.TASK_ACTION_REOPEN, UnaryOperator.identity(), note);
    }

    /** The tasks of the caller's channels that {@code filter} selects, most recently updated first. */
    public CompletableFuture<List<TaskSummary>> list(Filter filter) {
        ListTasks.Builder request = ListTasks.newBuilder()
                .setMine(filter.mine())
                .setAssignedByMe(filter.assignedByMe())
                .addAllStatuses(filter.statuses())
                .setOverdue(filter.overdue())
                .setLimit(filter.limit());
        if (filter.channelId() != null) {
            request.setChannelId(filter.channelId());
        }
        return Answers.call(client, ClientFrame.newBuilder().setListTasks(request), BodyCase.TASK_LIST,
                answer -> answer.getTaskList().getTasksList());
    }

    /** The task with its whole history as the server stores it, unverified (see {@link #get}). */
    public CompletableFuture<TaskDetail> detail(String taskId) {
        return Answers.call(client, ClientFrame.newBuilder().setGetTask(GetTask.newBuilder()
                .setTaskId(Objects.requireNonNull(taskId, "taskId"))), BodyCase.TASK_DETAIL, answer -> answer.getTaskDetail());
    }

    /**
     * The task with its history verified (see {@link #open}); a step that fails verification is
     * part of the view, marked as such.
     */
    public CompletableFuture<TaskView> get(String taskId) {
        return detail(taskId).thenCompose(detail -> membership(detail.getSummary().getChannelId())
                .thenApply(membership -> TaskHistory.authorised(open(taskId, detail), membership)));
    }

    /** The channel's verified membership, or empty when it cannot be fetched (no longer a member). */
    private CompletableFuture<Optional<VerifiedMembership>> membership(String channelId) {
        Channels channels = messages.channels();
        if (channels == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return channels.membership(channelId).handle((membership, error) ->
                error == null ? Optional.of(membership.verified()) : Optional.empty());
    }

    /**
     * Verifies a task's history as the server sent it: its chain of signed transitions
     * ({@link TaskChain#check}) and, for each step, the content sent with it, decrypted for this
     * device ({@link TaskOpener}). Never throws for a step that does not verify: the view says
     * which step broke and why.
     */
    public TaskView open(String taskId, TaskDetail detail) {
        return history.open(taskId, detail);
    }

    /** Fetches the task, makes the change after its verified head; again once if the task changed meanwhile. */
    private CompletableFuture<TaskAccepted> change(String taskId, TaskAction action, UnaryOperator<TaskTransition.Builder> edit,
                                                   String text) {
        Objects.requireNonNull(taskId, "taskId");
        return changeOnce(taskId, action, edit, text).handle((accepted, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(accepted);
            }
            Throwable cause = unwrap(error);
            if (cause instanceof ServerRefusedException refused && refused.code() == ErrorCode.CONFLICT) {
                // Someone else moved the task between our fetch and our change: build on the new head, once.
                return changeOnce(taskId, action, edit, text);
            }
            return CompletableFuture.<TaskAccepted>failedFuture(cause);
        }).thenCompose(future -> future);
    }

    private CompletableFuture<TaskAccepted> changeOnce(String taskId, TaskAction action,
                                                       UnaryOperator<TaskTransition.Builder> edit, String text) {
        return detail(taskId).thenCompose(detail -> {
            List<SignedTransition> transitions = detail.getEventsList().stream().filter(ChannelEvent::hasTask)
                    .map(event -> event.getTask().getTransition()).toList();
            VerifiedTask chain = TaskChain.verify(taskId, transitions, verifier, clock.instant());
            VerifiedTransition head = chain.head().orElseThrow();
            TaskTransition.Builder next = edit.apply(TaskChain.next(head, action, device, clock.instant()));
            boolean written = text != null && !text.isEmpty();
            return submit(next, written ? PlainTextBody.encode(text) : null, PlainTextBody.CONTENT_TYPE,
                    written ? creationMarkings(detail) : Optional.empty());
        });
    }

    /**
     * The markings of the task's creation, from its content envelope once its signature verified
     * with the creator's device key (the server could otherwise relabel the task); empty when the
     * creation carries no content.
     *
     * @throws LiaisonClientException when the creation's content does not verify
     */
    private Optional<Markings> creationMarkings(TaskDetail detail) {
        for (ChannelEvent event : detail.getEventsList()) {
            if (!event.hasTask() || TaskHistory.parse(event.getTask().getTransition()).map(TaskTransition::getIndex)
                    .filter(index -> index == 0).isEmpty()) {
                continue;
            }
            if (!event.getTask().hasContent()) {
                return Optional.empty();
            }
            OpenedEvent opened = opener.open(event);
            if (!opened.isVerified()) {
                throw new LiaisonClientException("the task's creation does not verify, so its markings are unknown: "
                        + opened.problem());
            }
            return Optional.of(event.getTask().getContent().getHeader().getMarkings());
        }
        return Optional.empty();
    }

    /** Signs and sends the transition; with content, sealed first and its digest signed. */
    private CompletableFuture<TaskAccepted> submit(TaskTransition.Builder transition, byte[] content, String contentType,
                                                   Optional<Markings> markings) {
        if (content == null) {
            return send(TaskChange.newBuilder().setTransition(TaskChain.sign(transition.build(), device)));
        }
        String contentId = TaskChain.contentId(transition.getTaskId(), transition.getIndex());
        return messages.sealAndCall(transition.getChannelId(), contentId, content, contentType, markings,
                (envelope, delivery) -> {
                    TaskTransition signed = transition.clone().setContentDigest(ByteString.copyFrom(
                            TaskChain.contentDigest(envelope))).build();
                    return send(TaskChange.newBuilder().setTransition(TaskChain.sign(signed, device))
                            .setContent(envelope));
                });
    }

    private CompletableFuture<TaskAccepted> send(TaskChange.Builder change) {
        return Answers.call(client, ClientFrame.newBuilder().setTaskChange(change), BodyCase.TASK_ACCEPTED,
                answer -> answer.getTaskAccepted());
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
