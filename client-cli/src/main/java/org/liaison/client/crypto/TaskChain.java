package org.liaison.client.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.liaison.client.crypto.TaskRejectedException.Reason;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;

/**
 * Signed task transitions: how each step of a task's life is stated by the acting officer's
 * device and verified by every client, so that neither the supervisor can later deny the
 * assignment nor the assignee the completion, and the server, which orders and stores the
 * transitions, can neither forge, drop nor reorder one unnoticed.
 *
 * <p>A task's transitions form a hash chain. Transition {@code i} is a {@link TaskTransition}
 * with {@code index = i} and {@code previous_hash} = the link hash of transition {@code i-1}
 * (empty for the creation); the acting device signs
 * {@code "liaison-task-transition-v1" 0x00 || transition} with Ed25519 and attaches its key
 * bundle. The link hash of a signed transition is
 * {@code SHA-256("liaison-task-link-v1" 0x00 || u32(len t) || t || u32(len sig) || sig)}.
 *
 * <p>{@link #check} replays a chain under these rules: every transition names the same task and
 * channel; index 0 is a creation from no status to {@code ASSIGNED}; each later one starts from the
 * status the previous one ended in, and its action leads from there to the status it names (the
 * state machine of docs/tasks.md); only creation, assignment and rescheduling change the
 * assignee, priority or deadlines; acknowledging, starting, completing and rejecting are signed
 * by the current assignee; each signer's bundle verifies against our own trusted agency CAs as it
 * stood when the transition was signed. Whether a supervisor's action was signed by a channel
 * supervisor is the server's check (it holds the membership at that moment).
 */
public final class TaskChain {

    /** Domain separation label of transition signatures (followed by one zero byte). */
    public static final String SIGNATURE_LABEL = "liaison-task-transition-v1";
    /** Domain separation label of link hashes (followed by one zero byte). */
    public static final String LINK_LABEL = "liaison-task-link-v1";
    /** How far in the future a transition may be dated (clock skew between devices). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** What a task id looks like: {@code t-} and 16 characters of [a-z2-7]. */
    public static final Pattern TASK_ID = Pattern.compile("t-[a-z2-7]{16}");

    private static final byte[] SIGNATURE_PREFIX = SignedChainBytes.prefix(SIGNATURE_LABEL);
    private static final byte[] LINK_PREFIX = SignedChainBytes.prefix(LINK_LABEL);
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<TaskStatus> OPEN = EnumSet.of(TaskStatus.TASK_STATUS_ASSIGNED,
            TaskStatus.TASK_STATUS_ACKNOWLEDGED, TaskStatus.TASK_STATUS_IN_PROGRESS, TaskStatus.TASK_STATUS_REJECTED);
    private static final Set<TaskAction> ASSIGNEE_ONLY = EnumSet.of(TaskAction.TASK_ACTION_ACK,
            TaskAction.TASK_ACTION_START, TaskAction.TASK_ACTION_COMPLETE, TaskAction.TASK_ACTION_REJECT);
    private static final Set<TaskAction> CHANGES_METADATA = EnumSet.of(TaskAction.TASK_ACTION_CREATE,
            TaskAction.TASK_ACTION_ASSIGN, TaskAction.TASK_ACTION_RESCHEDULE);

    private TaskChain() {
    }

    /** A fresh, unguessable task id: {@code t-} and 16 characters of [a-z2-7]. */
    public static String newTaskId() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return "t-" + new String(id);
    }

    /**
     * The status {@code action} leads to from {@code from}, or empty when the state machine does
     * not allow it there (a creation only from {@code UNSPECIFIED}).
     */
    public static Optional<TaskStatus> target(TaskAction action, TaskStatus from) {
        boolean open = OPEN.contains(from);
        TaskStatus to = switch (action) {
            case TASK_ACTION_CREATE -> from == TaskStatus.TASK_STATUS_UNSPECIFIED ? TaskStatus.TASK_STATUS_ASSIGNED : null;
            case TASK_ACTION_ASSIGN -> open ? TaskStatus.TASK_STATUS_ASSIGNED : null;
            case TASK_ACTION_RESCHEDULE, TASK_ACTION_NOTE -> open ? from : null;
            case TASK_ACTION_ACK -> from == TaskStatus.TASK_STATUS_ASSIGNED ? TaskStatus.TASK_STATUS_ACKNOWLEDGED : null;
            case TASK_ACTION_START -> from == TaskStatus.TASK_STATUS_ASSIGNED || from == TaskStatus.TASK_STATUS_ACKNOWLEDGED
                    ? TaskStatus.TASK_STATUS_IN_PROGRESS : null;
            case TASK_ACTION_COMPLETE -> from == TaskStatus.TASK_STATUS_ACKNOWLEDGED
                    || from == TaskStatus.TASK_STATUS_IN_PROGRESS ? TaskStatus.TASK_STATUS_DONE : null;
            case TASK_ACTION_REJECT -> from == TaskStatus.TASK_STATUS_ASSIGNED || from == TaskStatus.TASK_STATUS_ACKNOWLEDGED
                    || from == TaskStatus.TASK_STATUS_IN_PROGRESS ? TaskStatus.TASK_STATUS_REJECTED : null;
            case TASK_ACTION_CANCEL -> open ? TaskStatus.TASK_STATUS_CANCELLED : null;
            case TASK_ACTION_REOPEN -> from == TaskStatus.TASK_STATUS_DONE ? TaskStatus.TASK_STATUS_ASSIGNED : null;
            default -> null;
        };
        return Optional.ofNullable(to);
    }

    /** Whether only the task's current assignee may take {@code action}. */
    public static boolean isAssigneeAction(TaskAction action) {
        return ASSIGNEE_ONLY.contains(action);
    }

    /** Whether {@code action} may change the assignee, priority or deadlines. */
    public static boolean changesMetadata(TaskAction action) {
        return CHANGES_METADATA.contains(action);
    }

    /**
     * The creation of task {@code taskId} in {@code channelId} by {@code device}, now: index 0,
     * no previous hash, to {@code ASSIGNED}. The caller sets the assignee, priority, deadlines and
     * the content digest.
     */
    public static TaskTransition.Builder create(String taskId, String channelId, DeviceCredentials device,
                                                Instant now) {
        if (!TASK_ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("a task id is t- and 16 characters of [a-z2-7], got " + taskId);
        }
        return TaskTransition.newBuilder()
                .setTaskId(taskId)
                .setChannelId(Objects.requireNonNull(channelId, "channelId"))
                .setIndex(0)
                .setPreviousHash(ByteString.EMPTY)
                .setActor(device.officerId())
                .setActorDevice(device.deviceId())
                .setTimeMs(now.toEpochMilli())
                .setAction(TaskAction.TASK_ACTION_CREATE)
                .setFrom(TaskStatus.TASK_STATUS_UNSPECIFIED)
                .setTo(TaskStatus.TASK_STATUS_ASSIGNED);
    }

    /**
     * The transition following {@code head} (index + 1, its link hash) by {@code device}, now:
     * from the head's status to where {@code action} leads (see {@link #resultOf}), repeating the
     * head's assignee, priority and deadlines (which the caller changes for an assignment or
     * rescheduling), without content digest. Whether the action is allowed from there is not
     * checked here: the server refuses it with {@code ILLEGAL_TRANSITION}, naming the task's state.
     */
    public static TaskTransition.Builder next(VerifiedTransition head, TaskAction action, DeviceCredentials device,
                                              Instant now) {
        TaskTransition previous = head.transition();
        return TaskTransition.newBuilder()
                .setTaskId(previous.getTaskId())
                .setChannelId(previous.getChannelId())
                .setIndex(previous.getIndex() + 1)
                .setPreviousHash(ByteString.copyFrom(head.linkHash()))
                .setActor(device.officerId())
                .setActorDevice(device.deviceId())
                .setTimeMs(now.toEpochMilli())
                .setAction(action)
                .setFrom(previous.getTo())
                .setTo(resultOf(action, previous.getTo()))
                .setAssignee(previous.getAssignee())
                .setPriority(previous.getPriority())
                .setDueMs(previous.getDueMs())
                .setAckDeadlineMs(previous.getAckDeadlineMs());
    }

    /**
     * The status {@code action} ends in, whatever the state machine allows: {@code ACK} in
     * {@code ACKNOWLEDGED}, a note or rescheduling in {@code from}…
     */
    public static TaskStatus resultOf(TaskAction action, TaskStatus from) {
        return switch (action) {
            case TASK_ACTION_CREATE, TASK_ACTION_ASSIGN, TASK_ACTION_REOPEN -> TaskStatus.TASK_STATUS_ASSIGNED;
            case TASK_ACTION_ACK -> TaskStatus.TASK_STATUS_ACKNOWLEDGED;
            case TASK_ACTION_START -> TaskStatus.TASK_STATUS_IN_PROGRESS;
            case TASK_ACTION_COMPLETE -> TaskStatus.TASK_STATUS_DONE;
            case TASK_ACTION_REJECT -> TaskStatus.TASK_STATUS_REJECTED;
            case TASK_ACTION_CANCEL -> TaskStatus.TASK_STATUS_CANCELLED;
            default -> from;
        };
    }

    /** Signs {@code transition} with {@code device}'s Ed25519 key and attaches its bundle. */
    public static SignedTransition sign(TaskTransition transition, DeviceCredentials device) {
        byte[] bytes = transition.toByteArray();
        return SignedTransition.newBuilder()
                .setTransition(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(device.keys().sign(signedContent(bytes))))
                .setSigner(device.bundle())
                .build();
    }

    /** The link hash of a signed transition: what the next one names as {@code previous_hash}. */
    public static byte[] linkHash(SignedTransition signed) {
        return SignedChainBytes.linkHash(LINK_PREFIX, signed.getTransition().toByteArray(),
                signed.getSignature().toByteArray());
    }

    /** What a transition names as its {@code content_digest}: SHA-256 of the content envelope's body. */
    public static byte[] contentDigest(Envelope content) {
        return SignedChainBytes.sha256().digest(content.getBody().toByteArray());
    }

    /** The id of the content envelope sent with a transition: {@code <task id>.<index>}. */
    public static String contentId(String taskId, long index) {
        return taskId + "." + index;
    }

    /** What a transition's signature covers: {@value #SIGNATURE_LABEL} 0x00 and the transition bytes. */
    static byte[] signedContent(byte[] transition) {
        return SignedChainBytes.signedContent(SIGNATURE_PREFIX, transition);
    }

    /** Parses the transition of {@code signed}, or refuses it as MALFORMED. */
    public static TaskTransition parse(SignedTransition signed) {
        try {
            return TaskTransition.parseFrom(signed.getTransition());
        } catch (InvalidProtocolBufferException e) {
            throw new TaskRejectedException(Reason.MALFORMED, -1, "a transition is not a TaskTransition", e);
        }
    }

    /**
     * Checks one signed transition on its own: it parses, its signer's bundle verifies against our
     * trusted agency CAs at the transition's time and names its actor and device, and its
     * signature verifies. Says nothing of its place in the chain (see {@link #check}).
     *
     * @return the transition with its verified signer (the link hash computed)
     * @throws TaskRejectedException at the first rule broken
     */
    public static VerifiedTransition verifySignature(SignedTransition signed, BundleVerifier verifier, Instant now) {
        TaskTransition transition = parse(signed);
        String where = "transition " + transition.getIndex() + " of task " + transition.getTaskId();
        Instant signedAt = Instant.ofEpochMilli(transition.getTimeMs());
        if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new TaskRejectedException(Reason.MALFORMED, transition.getIndex(), where
                    + " is dated in the future (" + signedAt + ")");
        }
        VerifiedBundle signer;
        try {
            signer = verifier.verify(signed.getSigner(), signedAt);
        } catch (BundleRejectedException e) {
            throw new TaskRejectedException(Reason.SIGNER_REJECTED, transition.getIndex(), where + ": "
                    + e.getMessage(), e);
        }
        if (!signer.officerId().equals(transition.getActor()) || !signer.deviceId().equals(transition.getActorDevice())) {
            throw new TaskRejectedException(Reason.SIGNER_REJECTED, transition.getIndex(), where + " names actor "
                    + transition.getActor() + "/" + transition.getActorDevice() + " but carries the keys of "
                    + signer.recipient());
        }
        if (!DeviceKeys.verify(signer.signingKey(), signedContent(signed.getTransition().toByteArray()),
                signed.getSignature().toByteArray())) {
            throw new TaskRejectedException(Reason.BAD_SIGNATURE, transition.getIndex(), where
                    + " does not verify with the key of " + signer.recipient());
        }
        return new VerifiedTransition(signed, transition, signer, linkHash(signed));
    }

    /**
     * Replays {@code chain} (index 0 first) of task {@code taskId} and returns how far it verified:
     * the verified transitions up to the first that breaks a rule, and that refusal. Never throws
     * for a bad transition, so a history can be shown with the break marked.
     */
    public static VerifiedTask check(String taskId, List<SignedTransition> chain, BundleVerifier verifier,
                                     Instant now) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(verifier, "verifier");
        List<VerifiedTransition> verified = new ArrayList<>();
        if (chain.isEmpty()) {
            return new VerifiedTask(taskId, verified, Optional.of(new TaskRejectedException(Reason.UNSIGNED, 0,
                    "task " + taskId + " has no signed creation")));
        }
        for (SignedTransition signed : chain) {
            try {
                verified.add(follow(taskId, verified, signed, verifier, now));
            } catch (TaskRejectedException e) {
                return new VerifiedTask(taskId, verified, Optional.of(e.index() == verified.size() ? e
                        : new TaskRejectedException(e.reason(), verified.size(), strip(e), e)));
            }
        }
        return new VerifiedTask(taskId, verified, Optional.empty());
    }

    /**
     * Replays {@code chain} of task {@code taskId} and returns it when every transition verifies.
     *
     * @throws TaskRejectedException at the first transition that breaks a rule
     */
    public static VerifiedTask verify(String taskId, List<SignedTransition> chain, BundleVerifier verifier,
                                      Instant now) {
        VerifiedTask task = check(taskId, chain, verifier, now);
        if (task.rejection().isPresent()) {
            throw task.rejection().get();
        }
        return task;
    }

    private static String strip(TaskRejectedException e) {
        String prefix = e.reason().description() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Checks {@code signed} as the transition following {@code verified}. */
    private static VerifiedTransition follow(String taskId, List<VerifiedTransition> verified, SignedTransition signed,
                                             BundleVerifier verifier, Instant now) {
        int index = verified.size();
        TaskTransition transition = parse(signed);
        String where = "transition " + index + " of task " + taskId;
        if (!transition.getTaskId().equals(taskId)) {
            throw new TaskRejectedException(Reason.WRONG_TASK, index, where + " belongs to task '"
                    + transition.getTaskId() + "'");
        }
        if (index > 0 && !transition.getChannelId().equals(verified.get(0).transition().getChannelId())) {
            throw new TaskRejectedException(Reason.WRONG_TASK, index, where + " names channel '"
                    + transition.getChannelId() + "', not the task's");
        }
        if (transition.getIndex() != index) {
            throw new TaskRejectedException(Reason.BROKEN_CHAIN, index, where + " claims index " + transition.getIndex());
        }
        byte[] expectedPrevious = index == 0 ? new byte[0] : verified.get(index - 1).linkHash();
        if (!Arrays.equals(expectedPrevious, transition.getPreviousHash().toByteArray())) {
            throw new TaskRejectedException(Reason.BROKEN_CHAIN, index, where
                    + " does not follow the transition before it (previous hash differs)");
        }
        VerifiedTransition checked = verifySignature(signed, verifier, now);
        TaskTransition previous = index == 0 ? null : verified.get(index - 1).transition();
        checkStep(previous, transition, where);
        return checked;
    }

    /** The state machine: from, to, who and metadata of {@code transition} after {@code previous}. */
    private static void checkStep(TaskTransition previous, TaskTransition transition, String where) {
        long index = transition.getIndex();
        TaskAction action = transition.getAction();
        if ((previous == null) != (action == TaskAction.TASK_ACTION_CREATE)) {
            throw new TaskRejectedException(Reason.ILLEGAL_TRANSITION, index, where
                    + (previous == null ? " must create the task" : " creates a task that already exists"));
        }
        TaskStatus from = previous == null ? TaskStatus.TASK_STATUS_UNSPECIFIED : previous.getTo();
        if (transition.getFrom() != from) {
            throw new TaskRejectedException(Reason.ILLEGAL_TRANSITION, index, where + " starts from "
                    + statusName(transition.getFrom()) + " but the task was " + statusName(from));
        }
        Optional<TaskStatus> to = target(action, from);
        if (to.isEmpty() || to.get() != transition.getTo()) {
            throw new TaskRejectedException(Reason.ILLEGAL_TRANSITION, index, where + " goes "
                    + statusName(from) + " -> " + statusName(transition.getTo()) + " by " + actionName(action)
                    + ", which the task's state machine does not allow");
        }
        if (transition.getAssignee().isEmpty()) {
            throw new TaskRejectedException(Reason.MALFORMED, index, where + " names no assignee");
        }
        if (previous == null) {
            return;
        }
        if (isAssigneeAction(action) && !transition.getActor().equals(previous.getAssignee())) {
            throw new TaskRejectedException(Reason.NOT_AUTHORISED, index, where + " (" + actionName(action)
                    + ") is signed by " + transition.getActor() + ", not by the assignee " + previous.getAssignee());
        }
        if (!changesMetadata(action) && (!transition.getAssignee().equals(previous.getAssignee())
                || transition.getPriority() != previous.getPriority() || transition.getDueMs() != previous.getDueMs()
                || transition.getAckDeadlineMs() != previous.getAckDeadlineMs())) {
            throw new TaskRejectedException(Reason.ILLEGAL_TRANSITION, index, where + " (" + actionName(action)
                    + ") changes the assignee, priority or deadlines, which only create, assign and reschedule may");
        }
    }

    /** {@code assigned}, {@code in_progress}… */
    public static String statusName(TaskStatus status) {
        return lowerCaseWithout(status, "TASK_STATUS_");
    }

    /** {@code create}, {@code ack}… */
    public static String actionName(TaskAction action) {
        return lowerCaseWithout(action, "TASK_ACTION_");
    }

    private static String lowerCaseWithout(Enum<?> value, String prefix) {
        String name = value.name();
        return (name.startsWith(prefix) ? name.substring(prefix.length()) : name).toLowerCase(java.util.Locale.ROOT);
    }
}
