package org.liaison.server.testing;

import static org.liaison.server.testing.ServiceCalls.await;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.SignedTransition;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskChange;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.error.LiaisonException;

/**
 * Builds task transitions as a client does: follows each task's chain (index, previous hash,
 * current metadata) from the transitions this client got accepted, seals content for the given
 * devices and puts its SHA-256 in the transition.
 */
public final class TaskClient {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StorageWorld world;
  private final Map<String, SignedTransition> heads = new HashMap<>();

  public TaskClient(StorageWorld world) {
    this.world = world;
  }

  public static String newTaskId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder id = new StringBuilder("t-");
    for (int i = 0; i < 16; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }

  /** The creation (transition 0) of a new task by the actor, without content digest. */
  public TaskTransition.Builder create(TestDevice actor, String channelId, String taskId,
      TestDevice assignee, long dueMs, long ackDeadlineMs) {
    return TaskTransition.newBuilder()
        .setTaskId(taskId)
        .setChannelId(channelId)
        .setIndex(0)
        .setActor(actor.officerId())
        .setActorDevice(actor.deviceId())
        .setTimeMs(world.clock.millis())
        .setAction(TaskAction.TASK_ACTION_CREATE)
        .setFrom(TaskStatus.TASK_STATUS_UNSPECIFIED)
        .setTo(TaskStatus.TASK_STATUS_ASSIGNED)
        .setAssignee(assignee.officerId())
        .setPriority(TaskPriority.TASK_PRIORITY_HIGH)
        .setDueMs(dueMs)
        .setAckDeadlineMs(ackDeadlineMs);
  }

  /** The next transition of the task after the last one accepted, same metadata. */
  public TaskTransition.Builder next(TestDevice actor, String taskId, TaskAction action,
      TaskStatus to) {
    SignedTransition head = heads.get(taskId);
    TaskTransition last = parse(head);
    return last.toBuilder()
        .setIndex(last.getIndex() + 1)
        .setPreviousHash(ByteString.copyFrom(ChainBytes.taskLinkHash(head)))
        .setActor(actor.officerId())
        .setActorDevice(actor.deviceId())
        .setTimeMs(world.clock.millis())
        .setAction(action)
        .setFrom(last.getTo())
        .setTo(to)
        .clearContentDigest();
  }

  /**
   * Content sealed by the sender for these devices, as message {@code <task>.<index>} of the
   * task's channel at its newest membership index; puts its body's digest in the transition.
   */
  public Envelope content(TestDevice sender, TaskTransition.Builder transition,
      List<TestDevice> recipients) {
    return content(sender, transition, recipients, org.liaison.markings.Markings.DEFAULT);
  }

  /** As above, the content marked {@code markings}. */
  public Envelope content(TestDevice sender, TaskTransition.Builder transition,
      List<TestDevice> recipients, org.liaison.proto.v1.Markings markings) {
    String channelId = transition.getChannelId();
    long membershipIndex = world.members(sender, channelId).getChainCount() - 1;
    Envelope envelope = world.envelope(sender, channelId, membershipIndex, recipients, markings);
    envelope = envelope.toBuilder().setHeader(envelope.getHeader().toBuilder()
        .setMessageId(transition.getTaskId() + "." + transition.getIndex())).build();
    transition.setContentDigest(ByteString.copyFrom(sha256(envelope.getBody().toByteArray())));
    return envelope;
  }

  public TaskChange change(TestDevice actor, TaskTransition transition, Envelope content) {
    TaskChange.Builder change = TaskChange.newBuilder().setTransition(actor.sign(transition));
    if (content != null) {
      change.setContent(content);
    }
    return change.build();
  }

  /** Sends the change; once accepted, it becomes the task's head for {@link #next}. */
  public TaskAccepted send(TestDevice actor, TaskChange change) {
    TaskAccepted accepted = await(world.tasks().change(actor.session(), change));
    heads.put(parse(change.getTransition()).getTaskId(), change.getTransition());
    return accepted;
  }

  public TaskAccepted send(TestDevice actor, TaskTransition.Builder transition,
      Envelope content) {
    return send(actor, change(actor, transition.build(), content));
  }

  /** Builds the next transition (with content when given recipients) and sends it. */
  public TaskAccepted step(TestDevice actor, String taskId, TaskAction action, TaskStatus to,
      List<TestDevice> contentFor) {
    TaskTransition.Builder t = next(actor, taskId, action, to);
    Envelope content = contentFor.isEmpty() ? null : content(actor, t, contentFor);
    return send(actor, t, content);
  }

  public LiaisonException refusal(TestDevice actor, TaskChange change) {
    return ServiceCalls.refusal(() -> world.tasks().change(actor.session(), change));
  }

  public LiaisonException refusal(TestDevice actor, TaskTransition.Builder transition,
      Envelope content) {
    return refusal(actor, change(actor, transition.build(), content));
  }

  public SignedTransition head(String taskId) {
    return heads.get(taskId);
  }

  public static TaskTransition parse(SignedTransition signed) {
    try {
      return TaskTransition.parseFrom(signed.getTransition());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
