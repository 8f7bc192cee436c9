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
import static org.liaison.server.testing.ServiceCalls.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelEvent.KindCase;
import org.liaison.proto.v1.Envelope;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskDetail;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.testing.ChainBytes;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TaskClient;
import org.liaison.server.testing.TestDevice;

class TaskLifecycleTest {
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

  @Test
  void taskRunsFromCreationToDoneAndEveryStepIsAChainedChannelEvent() {
    String taskId = createTask();
    client.step(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, List.of());
    client.step(assignee, taskId, TASK_ACTION_START, TASK_STATUS_IN_PROGRESS, List.of());
    client.step(supervisor, taskId, TASK_ACTION_NOTE, TASK_STATUS_IN_PROGRESS, everyone);
    TaskAccepted done =
        client.step(assignee, taskId, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, everyone);

    assertThat(done.getIndex()).isEqualTo(4);
    assertThat(done.getStatus()).isEqualTo(TASK_STATUS_DONE);
    TaskDetail detail = await(world.tasks().get(other.officer(), taskId));
    assertThat(detail.getSummary().getStatus()).isEqualTo(TASK_STATUS_DONE);
    assertThat(detail.getSummary().getLastIndex()).isEqualTo(4);
    assertThat(detail.getSummary().getCreatedBy()).isEqualTo(supervisor.officerId());
    List<ChannelEvent> events = detail.getEventsList();
    assertThat(events).extracting(ChannelEvent::getKindCase).containsOnly(KindCase.TASK);
    assertThat(events).extracting(e -> TaskClient.parse(e.getTask().getTransition()).getIndex())
        .containsExactly(0L, 1L, 2L, 3L, 4L);
    for (int i = 1; i < events.size(); i++) {
      assertThat(TaskClient.parse(events.get(i).getTask().getTransition()).getPreviousHash()
          .toByteArray())
          .isEqualTo(ChainBytes.taskLinkHash(events.get(i - 1).getTask().getTransition()));
    }
    assertThat(events.get(0).getTask().hasContent()).isTrue();
    assertThat(events.get(1).getTask().hasContent()).isFalse();
    assertThat(world.published).filteredOn(e -> e.getKindCase() == KindCase.TASK).hasSize(5);
    assertThat(world.audienceOf(events.get(4))).containsExactlyInAnyOrder(
        supervisor.officer().id(), assignee.officer().id(), other.officer().id());
  }

  @Test
  void supervisorReassignsReschedulesReopensAndCancels() {
    String taskId = createTask();
    var reassign = client.next(supervisor, taskId, TASK_ACTION_ASSIGN, TASK_STATUS_ASSIGNED)
        .setAssignee(other.officerId());
    client.send(supervisor, reassign, null);
    client.step(other, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, List.of());
    long newDue = world.clock.millis() + Duration.ofHours(5).toMillis();
    client.send(supervisor, client.next(supervisor, taskId, TASK_ACTION_RESCHEDULE,
        TASK_STATUS_ACKNOWLEDGED).setDueMs(newDue), null);
    client.step(other, taskId, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, List.of());
    client.step(supervisor, taskId, TASK_ACTION_REOPEN, TASK_STATUS_ASSIGNED, List.of());
    client.step(supervisor, taskId, TASK_ACTION_CANCEL, TASK_STATUS_CANCELLED, List.of());

    var summary = await(world.tasks().get(supervisor.officer(), taskId)).getSummary();
    assertThat(summary.getStatus()).isEqualTo(TASK_STATUS_CANCELLED);
    assertThat(summary.getAssignee()).isEqualTo(other.officerId());
    assertThat(summary.getDueMs()).isEqualTo(newDue);
  }

  @Test
  void assigneeRejectsWithAReason() {
    String taskId = createTask();
    var reject = client.next(assignee, taskId, TASK_ACTION_REJECT, TASK_STATUS_REJECTED);

    assertThat(client.refusal(assignee, reject, null).code())
        .isEqualTo(org.liaison.proto.v1.ErrorCode.INVALID_ARGUMENT);
    TaskAccepted rejected = client.send(assignee, reject, client.content(assignee, reject,
        everyone));
    assertThat(rejected.getStatus()).isEqualTo(TASK_STATUS_REJECTED);
  }

  @Test
  void aRetryOfTheSameSignedTransitionAnswersTheFirstAcceptance() {
    String taskId = createTask();
    var ack = client.change(assignee,
        client.next(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED).build(), null);
    TaskAccepted first = client.send(assignee, ack);
    TaskAccepted again = client.send(assignee, ack);

    assertThat(again).isEqualTo(first);
    assertThat(await(world.tasks().get(assignee.officer(), taskId)).getEventsCount())
        .isEqualTo(2);
  }

  @Test
  void aRemovedMemberNoLongerReceivesTaskUpdates() {
    String taskId = createTask();
    world.remove(supervisor, channel, other);
    List<TestDevice> remaining = List.of(supervisor, assignee);
    TaskAccepted note =
        client.step(supervisor, taskId, TASK_ACTION_NOTE, TASK_STATUS_ASSIGNED, remaining);

    ChannelEvent noteEvent = world.published.get(world.published.size() - 1);
    assertThat(noteEvent.getSeq()).isEqualTo(note.getSeq());
    assertThat(world.audienceOf(noteEvent)).doesNotContain(other.officer().id())
        .contains(assignee.officer().id());
    assertThat(world.history(other, channel)).extracting(ChannelEvent::getSeq)
        .doesNotContain(note.getSeq());
    assertThat(world.history(assignee, channel)).extracting(ChannelEvent::getSeq)
        .contains(note.getSeq());
  }

  @Test
  void contentSealedForAnOldMemberSetIsRefusedWithTheExpectedDevices() {
    String taskId = createTask();
    world.remove(supervisor, channel, other);
    var note = client.next(supervisor, taskId, TASK_ACTION_NOTE, TASK_STATUS_ASSIGNED);
    Envelope content = client.content(supervisor, note, everyone);

    var refusal = client.refusal(supervisor, note, content);
    assertThat(refusal.code()).isEqualTo(org.liaison.proto.v1.ErrorCode.MEMBERSHIP_CHANGED);
    assertThat(refusal.recipientDetails()).isPresent();
    assertThat(refusal.recipientDetails().get().expectedRecipients())
        .extracting(d -> d.getOfficerId())
        .doesNotContain(other.officerId());
  }

  @Test
  void transitionsAreStoredWithTheirEventInTheChannelStream() {
    String taskId = createTask();
    List<ChannelEvent> history = world.history(other, channel);
    ChannelEvent last = history.get(history.size() - 1);

    assertThat(last.getKindCase()).isEqualTo(KindCase.TASK);
    assertThat(TaskClient.parse(last.getTask().getTransition()).getTaskId()).isEqualTo(taskId);
    assertThat(last.getActor()).isEqualTo(supervisor.officerId());
    assertThat(world.audienceOf(last)).contains(new OfficerId(other.officerId()));
  }
}
