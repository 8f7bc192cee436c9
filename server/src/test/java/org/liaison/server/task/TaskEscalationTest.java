package org.liaison.server.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_ACK;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_COMPLETE;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_RESCHEDULE;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ACKNOWLEDGED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_DONE;
import static org.liaison.server.testing.ServiceCalls.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ChannelEvent.KindCase;
import org.liaison.proto.v1.EscalationKind;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TaskClient;
import org.liaison.server.testing.TestDevice;

class TaskEscalationTest {
  static final Duration ACK_WITHIN = Duration.ofMinutes(10);
  static final Duration DUE_IN = Duration.ofHours(1);

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
    long now = world.clock.millis();
    TaskTransition.Builder create = client.create(supervisor, channel, taskId, assignee,
        now + DUE_IN.toMillis(), now + ACK_WITHIN.toMillis());
    client.send(supervisor, create, client.content(supervisor, create, everyone));
    return taskId;
  }

  List<ChannelEvent> check() {
    return await(world.escalator().checkNow());
  }

  @Test
  void nothingIsEscalatedBeforeADeadline() {
    createTask();
    world.clock.advance(ACK_WITHIN.minusSeconds(1));

    assertThat(check()).isEmpty();
  }

  @Test
  void aMissedAckDeadlineIsEscalatedOnceEvenAcrossARestart() {
    String taskId = createTask();
    world.clock.advance(ACK_WITHIN.plusSeconds(1));

    List<ChannelEvent> first = check();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).getKindCase()).isEqualTo(KindCase.TASK_ESCALATED);
    assertThat(first.get(0).getTaskEscalated().getTaskId()).isEqualTo(taskId);
    assertThat(first.get(0).getTaskEscalated().getKind())
        .isEqualTo(EscalationKind.ESCALATION_KIND_NOT_ACKNOWLEDGED);
    assertThat(check()).isEmpty();

    world.restart();
    assertThat(check()).isEmpty();
    world.clock.advance(Duration.ofMinutes(1));
    assertThat(check()).isEmpty();
  }

  @Test
  void aMissedDueTimeIsEscalatedAfterTheAckEscalationAndOnlyOnce() {
    createTask();
    world.clock.advance(DUE_IN.plusSeconds(1));

    List<ChannelEvent> both = check();
    assertThat(both).extracting(e -> e.getTaskEscalated().getKind()).containsExactly(
        EscalationKind.ESCALATION_KIND_NOT_ACKNOWLEDGED, EscalationKind.ESCALATION_KIND_OVERDUE);
    assertThat(both.get(1).getSeq()).isEqualTo(both.get(0).getSeq() + 1);
    world.restart();
    assertThat(check()).isEmpty();
  }

  @Test
  void escalationsAreSeenBySupervisorsOnly() {
    String taskId = createTask();
    world.clock.advance(ACK_WITHIN.plusSeconds(1));
    ChannelEvent escalation = check().get(0);

    assertThat(world.audienceOf(escalation)).containsExactly(supervisor.officer().id());
    assertThat(world.history(supervisor, channel)).extracting(ChannelEvent::getSeq)
        .contains(escalation.getSeq());
    for (TestDevice member : List.of(assignee, other)) {
      assertThat(world.history(member, channel)).extracting(ChannelEvent::getSeq)
          .doesNotContain(escalation.getSeq());
      assertThat(await(world.tasks().get(member.officer(), taskId)).getEventsList())
          .extracting(ChannelEvent::getKindCase).doesNotContain(KindCase.TASK_ESCALATED);
    }
    assertThat(await(world.tasks().get(supervisor.officer(), taskId)).getEventsList())
        .extracting(ChannelEvent::getKindCase)
        .containsExactly(KindCase.TASK, KindCase.TASK_ESCALATED);
  }

  @Test
  void aRescheduledDueTimeCanEscalateAgain() {
    String taskId = createTask();
    client.step(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, List.of());
    world.clock.advance(DUE_IN.plusSeconds(1));
    assertThat(check()).extracting(e -> e.getTaskEscalated().getKind())
        .containsExactly(EscalationKind.ESCALATION_KIND_OVERDUE);

    long newDue = world.clock.millis() + Duration.ofMinutes(30).toMillis();
    client.send(supervisor, client.next(supervisor, taskId, TASK_ACTION_RESCHEDULE,
        TASK_STATUS_ACKNOWLEDGED).setDueMs(newDue), null);
    assertThat(check()).isEmpty();
    world.clock.advance(Duration.ofMinutes(31));

    List<ChannelEvent> again = check();
    assertThat(again).hasSize(1);
    assertThat(again.get(0).getTaskEscalated().getDeadlineMs()).isEqualTo(newDue);
  }

  @Test
  void aTaskDoneInTimeIsNeverEscalated() {
    String taskId = createTask();
    client.step(assignee, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, List.of());
    client.step(assignee, taskId, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, List.of());
    world.clock.advance(DUE_IN.multipliedBy(2));

    assertThat(check()).isEmpty();
  }
}
