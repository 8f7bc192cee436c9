package org.liaison.server.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_ACK;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_COMPLETE;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ACKNOWLEDGED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_DONE;
import static org.liaison.server.testing.ServiceCalls.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ListTasks;
import org.liaison.proto.v1.TaskSummary;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.testing.ServiceCalls;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TaskClient;
import org.liaison.server.testing.TestDevice;

class TaskListTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  TaskClient client;
  TestDevice supervisor;
  TestDevice hugo;
  TestDevice karim;
  TestDevice nadia;
  String gate4;
  String harbour;
  String forHugo;
  String forKarim;
  String doneByHugo;
  String overdueForKarim;
  String inHarbour;

  @BeforeEach
  void tasksInTwoChannels() {
    client = new TaskClient(world);
    supervisor = world.device("fr-pn.claire.martin", "laptop", "officer", "supervisor");
    hugo = world.device("fr-pn.hugo.lefevre", "tablet", "officer");
    karim = world.device("ma-dgsn.karim.benali", "phone", "officer");
    nadia = world.device("ma-dgsn.nadia.elamrani", "pc", "officer", "supervisor");
    gate4 = world.createGroup(supervisor, hugo, karim).getChannelId();
    harbour = world.createGroup(nadia, karim).getChannelId();
    List<TestDevice> gate4Devices = List.of(supervisor, hugo, karim);
    long now = world.clock.millis();
    overdueForKarim = create(supervisor, gate4, karim, now + 60_000, gate4Devices);
    forHugo = create(supervisor, gate4, hugo, 0, gate4Devices);
    forKarim = create(supervisor, gate4, karim, 0, gate4Devices);
    doneByHugo = create(supervisor, gate4, hugo, now + 60_000, gate4Devices);
    client.step(hugo, doneByHugo, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED, List.of());
    client.step(hugo, doneByHugo, TASK_ACTION_COMPLETE, TASK_STATUS_DONE, List.of());
    inHarbour = create(nadia, harbour, karim, 0, List.of(nadia, karim));
    world.clock.advance(Duration.ofMinutes(2));
  }

  String create(TestDevice by, String channel, TestDevice assignee, long due,
      List<TestDevice> recipients) {
    String taskId = TaskClient.newTaskId();
    TaskTransition.Builder create = client.create(by, channel, taskId, assignee, due, 0);
    client.send(by, create, client.content(by, create, recipients));
    world.clock.advance(Duration.ofSeconds(1));
    return taskId;
  }

  List<String> list(TestDevice who, ListTasks.Builder request) {
    return await(world.tasks().list(who.officer(), request.build())).getTasksList().stream()
        .map(TaskSummary::getTaskId).toList();
  }

  @Test
  void anOfficerSeesTheTasksOfTheirChannelsMostRecentlyUpdatedFirst() {
    assertThat(list(hugo, ListTasks.newBuilder()))
        .containsExactly(doneByHugo, forKarim, forHugo, overdueForKarim);
    assertThat(list(karim, ListTasks.newBuilder())).contains(inHarbour).hasSize(5);
  }

  @Test
  void filtersNarrowTheList() {
    assertThat(list(hugo, ListTasks.newBuilder().setMine(true)))
        .containsExactlyInAnyOrder(forHugo, doneByHugo);
    assertThat(list(karim, ListTasks.newBuilder().setMine(true).setChannelId(gate4)))
        .containsExactlyInAnyOrder(forKarim, overdueForKarim);
    assertThat(list(nadia, ListTasks.newBuilder().setAssignedByMe(true)))
        .containsExactly(inHarbour);
    assertThat(list(supervisor, ListTasks.newBuilder().addStatuses(TASK_STATUS_DONE)))
        .containsExactly(doneByHugo);
    assertThat(list(supervisor, ListTasks.newBuilder().setOverdue(true)))
        .containsExactly(overdueForKarim);
    assertThat(list(supervisor, ListTasks.newBuilder().setLimit(2))).hasSize(2);
  }

  @Test
  void overdueIsReportedInTheSummary() {
    TaskSummary overdue = await(world.tasks().list(supervisor.officer(),
        ListTasks.newBuilder().setOverdue(true).build())).getTasks(0);

    assertThat(overdue.getOverdue()).isTrue();
    assertThat(overdue.getAssignee()).isEqualTo(karim.officerId());
  }

  @Test
  void tasksOfOtherChannelsAndOfChannelsLeftAreNotListed() {
    assertThat(list(hugo, ListTasks.newBuilder().setChannelId(harbour))).isEmpty();
    world.remove(supervisor, gate4, hugo);
    assertThat(list(hugo, ListTasks.newBuilder())).isEmpty();
  }

  @Test
  void aLimitOverFiveHundredIsRefused() {
    assertThat(ServiceCalls.refusal(() -> world.tasks().list(hugo.officer(),
        ListTasks.newBuilder().setLimit(501).build())).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }
}
