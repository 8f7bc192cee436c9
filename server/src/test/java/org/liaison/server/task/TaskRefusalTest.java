package org.liaison.server.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_ACK;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_ASSIGN;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_CANCEL;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_COMPLETE;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_NOTE;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_REJECT;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_REOPEN;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_RESCHEDULE;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_START;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ACKNOWLEDGED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ASSIGNED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_CANCELLED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_DONE;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_IN_PROGRESS;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_REJECTED;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.TaskAction;
import org.liaison.proto.v1.TaskChange;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.testing.ClientPayloads;
import org.liaison.server.testing.ServiceCalls;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TaskClient;
import org.liaison.server.testing.TestDevice;

class TaskRefusalTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  TaskClient client;
  TestDevice supervisor;
  TestDevice assignee;
  TestDevice other;
  String channel;
  List<TestDevice> everyone;

  @BeforeEach
  void channelWithTwoOfficers() {
    client = new TaskClient(world);
    supervisor = world.device("fr-pn.claire.martin", "laptop", "officer", "supervisor");
    assignee = world.device("ma-dgsn.karim.benali", "phone", "officer");
    other = world.device("fr-pn.hugo.lefevre", "tablet", "officer");
    channel = world.createGroup(supervisor, assignee, other).getChannelId();
    everyone = List.of(supervisor, assignee, other);
  }

  String createTask() {
    String taskId = TaskClient.newTaskId();
    TaskTransition.Builder create = client.create(supervisor, channel, taskId, assignee,
        world.clock.millis() + Duration.ofHours(2).toMillis(), 0);
    client.send(supervisor, create, client.content(supervisor, create, everyone));
    return taskId;
  }

  /** Moves a new task to the given status by legal steps. */
  String taskIn(TaskStatus status) {
    String taskId = createTask();
    switch (status) {
      case TASK_STATUS_ASSIGNED -> { }
      case TASK_STATUS_ACKNOWLEDGED -> ack(taskId);
      case TASK_STATUS_IN_PROGRESS ->
          client.step(assignee, taskId, TASK_ACTION_START, TASK_STATUS_IN_PROGRESS, List.of());
      case TASK_STATUS_DONE -> {
        ack(taskId);
        client.step(assignee, taskId, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, List.of());
      }
      case TASK_STATUS_REJECTED ->
          client.step(assignee, taskId, TASK_ACTION_REJECT, TASK_STATUS_REJECTED, everyone);
      case TASK_STATUS_CANCELLED ->
          client.step(supervisor, taskId, TASK_ACTION_CANCEL, TASK_STATUS_CANCELLED, List.of());
      default -> throw new IllegalArgumentException(status.name());
    }
    return taskId;
  }

  void ack(String taskId) {
    client.step(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, List.of());
  }

  static Stream<Arguments> illegalTransitions() {
    return Stream.of(
        Arguments.of(TASK_STATUS_ACKNOWLEDGED, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, false),
        Arguments.of(TASK_STATUS_IN_PROGRESS, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, false),
        Arguments.of(TASK_STATUS_DONE, TASK_ACTION_START, TASK_STATUS_IN_PROGRESS, false),
        Arguments.of(TASK_STATUS_ASSIGNED, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, false),
        Arguments.of(TASK_STATUS_REJECTED, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, false),
        Arguments.of(TASK_STATUS_REJECTED, TASK_ACTION_REJECT, TASK_STATUS_REJECTED, false),
        Arguments.of(TASK_STATUS_DONE, TASK_ACTION_NOTE, TASK_STATUS_DONE, true),
        Arguments.of(TASK_STATUS_CANCELLED, TASK_ACTION_CANCEL, TASK_STATUS_CANCELLED, true),
        Arguments.of(TASK_STATUS_DONE, TASK_ACTION_ASSIGN, TASK_STATUS_ASSIGNED, true),
        Arguments.of(TASK_STATUS_CANCELLED, TASK_ACTION_RESCHEDULE, TASK_STATUS_CANCELLED, true),
        Arguments.of(TASK_STATUS_IN_PROGRESS, TASK_ACTION_REOPEN, TASK_STATUS_ASSIGNED, true),
        Arguments.of(TASK_STATUS_CANCELLED, TASK_ACTION_REOPEN, TASK_STATUS_ASSIGNED, true));
  }

  @ParameterizedTest(name = "{1} on a {0} task")
  @MethodSource("illegalTransitions")
  void illegalTransitionNamesTheCurrentStatus(TaskStatus current, TaskAction action,
      TaskStatus to, boolean bySupervisor) {
    String taskId = taskIn(current);
    TestDevice actor = bySupervisor ? supervisor : assignee;
    TaskTransition.Builder t = client.next(actor, taskId, action, to);
    Envelope content = action == TASK_ACTION_NOTE || action == TASK_ACTION_REJECT
        ? client.content(actor, t, everyone) : null;

    LiaisonException refusal = client.refusal(actor, t, content);

    assertThat(refusal.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThat(refusal.getMessage()).contains("is " + TaskStateMachine.name(current));
  }

  @Test
  void aTransitionToAnotherStatusThanTheActionGivesIsIllegal() {
    String taskId = createTask();
    LiaisonException refusal = client.refusal(assignee,
        client.next(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_DONE), null);

    assertThat(refusal.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThat(refusal.getMessage()).contains("is ASSIGNED").contains("to ACKNOWLEDGED");
  }

  @Test
  void aMemberWhoIsNotASupervisorCannotCreateATask() {
    TaskTransition.Builder create = client.create(other, channel, TaskClient.newTaskId(),
        assignee, 0, 0);
    LiaisonException refusal =
        client.refusal(other, create, client.content(other, create, everyone));

    assertThat(refusal.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(refusal.getMessage()).contains("supervisor");
  }

  @Test
  void aMemberWhoIsNotASupervisorCannotAssign() {
    String taskId = createTask();
    LiaisonException refusal = client.refusal(assignee,
        client.next(assignee, taskId, TASK_ACTION_ASSIGN, TASK_STATUS_ASSIGNED)
            .setAssignee(other.officerId()), null);

    assertThat(refusal.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(refusal.getMessage()).contains("is ASSIGNED");
  }

  @Test
  void onlyTheAssigneeAcknowledges() {
    String taskId = createTask();
    for (TestDevice notAssignee : List.of(other, supervisor)) {
      LiaisonException refusal = client.refusal(notAssignee,
          client.next(notAssignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED), null);
      assertThat(refusal.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
      assertThat(refusal.getMessage()).contains("assignee").contains("is ASSIGNED");
    }
    ack(taskId);
  }

  @Test
  void theAssigneeMustBeACurrentMember() {
    TestDevice outsider = world.device("ma-dgsn.nadia.elamrani", "pc", "officer");
    TaskTransition.Builder create = client.create(supervisor, channel, TaskClient.newTaskId(),
        outsider, 0, 0);
    LiaisonException refusal =
        client.refusal(supervisor, create, client.content(supervisor, create, everyone));

    assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal.getMessage()).contains("current member");
  }

  @Test
  void onlyCreateAssignAndRescheduleChangeTheMetadata() {
    String taskId = createTask();
    LiaisonException refusal = client.refusal(assignee,
        client.next(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED).setDueMs(0),
        null);

    assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aStaleTransitionIsAConflict() {
    String taskId = createTask();
    TaskTransition.Builder stale =
        client.next(supervisor, taskId, TASK_ACTION_CANCEL, TASK_STATUS_CANCELLED);
    ack(taskId);

    LiaisonException refusal = client.refusal(supervisor, stale.setFrom(TASK_STATUS_ASSIGNED),
        null);

    assertThat(refusal.code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(refusal.getMessage()).contains("changed meanwhile");
  }

  @Test
  void aWrongPreviousHashIsAConflict() {
    String taskId = createTask();
    LiaisonException refusal = client.refusal(assignee,
        client.next(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED)
            .setPreviousHash(ClientPayloads.random(32)), null);

    assertThat(refusal.code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void aTakenTaskIdIsAConflict() {
    String taskId = createTask();
    TaskTransition.Builder again = client.create(supervisor, channel, taskId, other, 0, 0);
    LiaisonException refusal =
        client.refusal(supervisor, again, client.content(supervisor, again, everyone));

    assertThat(refusal.code()).isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void aBadSignatureIsRefused() {
    String taskId = createTask();
    TaskChange signed = client.change(assignee,
        client.next(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED).build(), null);
    byte[] signature = signed.getTransition().getSignature().toByteArray();
    signature[5] ^= 1;
    TaskChange tampered = signed.toBuilder().setTransition(signed.getTransition().toBuilder()
        .setSignature(ByteString.copyFrom(signature))).build();

    assertThat(client.refusal(assignee, tampered).code())
        .isEqualTo(ErrorCode.INVALID_SIGNATURE);
  }

  @Test
  void aTransitionForAnotherOfficerIsRefused() {
    String taskId = createTask();
    TaskTransition forged =
        client.next(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED).build();

    assertThat(client.refusal(other, client.change(assignee, forged, null)).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  @Test
  void aTransitionFromAnUnpublishedDeviceNeedsKeys() {
    TestDevice fresh = world.unpublishedDevice("fr-pn.claire.martin", "new-laptop",
        StorageWorld.KEY_LIFETIME, "officer", "supervisor");
    TaskTransition.Builder create =
        client.create(fresh, channel, TaskClient.newTaskId(), assignee, 0, 0);

    assertThat(client.refusal(fresh, create, client.content(fresh, create, everyone)).code())
        .isEqualTo(ErrorCode.KEYS_REQUIRED);
  }

  @Test
  void aTransitionFarFromTheServersTimeIsRefused() {
    TaskTransition.Builder create = client.create(supervisor, channel, TaskClient.newTaskId(),
        assignee, 0, 0).setTimeMs(world.clock.millis() - Duration.ofMinutes(11).toMillis());

    LiaisonException refusal =
        client.refusal(supervisor, create, client.content(supervisor, create, everyone));
    assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal.getMessage()).contains("clock");
  }

  @Test
  void aContentDigestThatIsNotTheBodysIsRefused() {
    TaskTransition.Builder create =
        client.create(supervisor, channel, TaskClient.newTaskId(), assignee, 0, 0);
    Envelope content = client.content(supervisor, create, everyone);
    create.setContentDigest(ClientPayloads.random(32));

    LiaisonException refusal = client.refusal(supervisor, create, content);
    assertThat(refusal.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refusal.getMessage()).contains("content_digest");
  }

  @Test
  void contentWithoutADigestAndADigestWithoutContentAreRefused() {
    String taskId = createTask();
    TaskTransition.Builder note =
        client.next(supervisor, taskId, TASK_ACTION_NOTE, TASK_STATUS_ASSIGNED);
    Envelope content = client.content(supervisor, note, everyone);

    assertThat(client.refusal(supervisor, note.build().toBuilder().clearContentDigest(),
        content).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(client.refusal(supervisor, note, null).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aCreationNeedsContentAndItsMessageIdNamesTheTransition() {
    TaskTransition.Builder create =
        client.create(supervisor, channel, TaskClient.newTaskId(), assignee, 0, 0);
    assertThat(client.refusal(supervisor, create, null).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);

    Envelope content = client.content(supervisor, create, everyone);
    Envelope misnamed = content.toBuilder().setHeader(content.getHeader().toBuilder()
        .setMessageId("m-1")).build();
    assertThat(client.refusal(supervisor, create, misnamed).getMessage())
        .contains("message_id");
  }

  @Test
  void aNonMemberCannotSeeOrChangeATask() {
    String taskId = createTask();
    TestDevice outsider = world.device("ma-dgsn.nadia.elamrani", "pc", "officer", "supervisor");

    assertThat(ServiceCalls.refusal(() -> world.tasks().get(outsider.officer(), taskId)).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    LiaisonException refusal = client.refusal(outsider,
        client.next(outsider, taskId, TASK_ACTION_CANCEL, TASK_STATUS_CANCELLED), null);
    assertThat(refusal.code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal.getMessage()).doesNotContain(channel);
  }
}
