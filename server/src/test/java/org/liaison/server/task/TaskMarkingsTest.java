package org.liaison.server.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_ACK;
import static org.liaison.proto.v1.TaskAction.TASK_ACTION_ASSIGN;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ACKNOWLEDGED;
import static org.liaison.proto.v1.TaskStatus.TASK_STATUS_ASSIGNED;
import static org.liaison.server.testing.ServiceCalls.await;
import static org.liaison.server.testing.ServiceCalls.refusal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ListTasks;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.Precedence;
import org.liaison.proto.v1.TaskSummary;
import org.liaison.proto.v1.TaskTransition;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TaskClient;
import org.liaison.server.testing.TestDevice;

/**
 * Markings on tasks, on the real services and a real H2 file, with officers of FR, MA and ES and
 * three clearances: a task is marked once, by its creation's content; it is assigned, listed,
 * served, pushed and escalated only to officers who may see it.
 */
class TaskMarkingsTest {
  private static final Duration ACK_WITHIN = Duration.ofMinutes(10);
  private static final Markings CONFIDENTIAL_FR_MA = org.liaison.markings.Markings.of(
      Classification.CLASSIFICATION_CONFIDENTIAL, "FR,MA", Precedence.PRECEDENCE_ROUTINE);

  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  private TaskClient client;
  /** FR, SECRET, supervisor. */
  private TestDevice anne;
  /** MA, CONFIDENTIAL. */
  private TestDevice karim;
  /** ES, UNCLASSIFIED, supervisor of the channel too. */
  private TestDevice sofia;
  /** FR, RESTRICTED. */
  private TestDevice luc;
  private String channel;

  @BeforeEach
  void channelOfThreeNations() {
    client = new TaskClient(world);
    anne = world.device("fr-pn.anne.martin", "laptop", Classification.CLASSIFICATION_SECRET,
        "officer", "supervisor");
    karim = world.device("ma-dgsn.karim.benali", "desk",
        Classification.CLASSIFICATION_CONFIDENTIAL);
    sofia = world.device("es-pn.sofia.garcia", "phone", "officer", "supervisor");
    luc = world.device("fr-pn.luc.bernard", "tablet", Classification.CLASSIFICATION_RESTRICTED);
    channel = world.createGroup(anne, Classification.CLASSIFICATION_SECRET, karim, sofia, luc)
        .getChannelId();
    await(world.channels().changeMembership(anne.session(), channel,
        anne.sign(world.next(anne, channel).setPromote(sofia.officerId()).build())));
  }

  private TaskTransition.Builder creation(String taskId, TestDevice assignee) {
    long now = world.clock.millis();
    return client.create(anne, channel, taskId, assignee, 0, now + ACK_WITHIN.toMillis());
  }

  /** A CONFIDENTIAL REL FR, MA task for Karim, sealed for Anne and Karim. */
  private String confidentialTask() {
    String taskId = TaskClient.newTaskId();
    TaskTransition.Builder create = creation(taskId, karim);
    client.send(anne, create, client.content(anne, create, List.of(anne, karim),
        CONFIDENTIAL_FR_MA));
    return taskId;
  }

  private List<String> listed(TestDevice who) {
    return await(world.tasks().list(who.officer(), ListTasks.getDefaultInstance()))
        .getTasksList().stream().map(TaskSummary::getTaskId).toList();
  }

  @Test
  void aTaskIsNeitherListedNorServedToAMemberWhoMayNotSeeIt() {
    String hidden = confidentialTask();

    assertThat(listed(sofia)).doesNotContain(hidden);
    assertThat(listed(luc)).as("under-cleared").doesNotContain(hidden);
    assertThat(refusal(() -> world.tasks().get(sofia.officer(), hidden)).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(refusal(() -> world.tasks().get(luc.officer(), hidden)).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(listed(karim)).contains(hidden);
    assertThat(await(world.tasks().get(karim.officer(), hidden)).getSummary().getTaskId())
        .isEqualTo(hidden);
  }

  @Test
  void aTaskEventIsPushedAndInTheHistoryOnlyOfWhoMaySeeIt() {
    confidentialTask();
    ChannelEvent created = world.published.get(world.published.size() - 1);

    assertThat(created.hasTask()).isTrue();
    assertThat(world.audienceOf(created)).containsExactlyInAnyOrder(anne.officer().id(),
        karim.officer().id());
    assertThat(world.history(sofia, channel)).doesNotContain(created);
    assertThat(world.history(karim, channel)).contains(created);
  }

  @Test
  void everyContentOfATaskCarriesTheMarkingsOfItsCreation() {
    String taskId = confidentialTask();

    TaskTransition.Builder unmarked = client.next(karim, taskId, TASK_ACTION_ACK,
        TASK_STATUS_ACKNOWLEDGED);
    LiaisonException refused = client.refusal(karim, unmarked,
        client.content(karim, unmarked, List.of(anne, karim)));
    TaskTransition.Builder marked = client.next(karim, taskId, TASK_ACTION_ACK,
        TASK_STATUS_ACKNOWLEDGED);

    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(refused.getMessage()).contains("CONFIDENTIAL // REL FR, MA");
    assertThat(client.send(karim, marked, client.content(karim, marked, List.of(anne, karim),
        CONFIDENTIAL_FR_MA)).getStatus()).isEqualTo(TASK_STATUS_ACKNOWLEDGED);
  }

  @Test
  void aTaskIsAssignedOnlyToAnOfficerWhoMaySeeIt() {
    String forSofia = TaskClient.newTaskId();
    TaskTransition.Builder toSofia = creation(forSofia, sofia);
    String forLuc = TaskClient.newTaskId();
    TaskTransition.Builder toLuc = creation(forLuc, luc);
    String taskId = confidentialTask();
    TaskTransition.Builder reassign = client.next(anne, taskId, TASK_ACTION_ASSIGN,
        TASK_STATUS_ASSIGNED).setAssignee(luc.officerId());

    LiaisonException notReleasable = client.refusal(anne, toSofia,
        client.content(anne, toSofia, List.of(anne, karim), CONFIDENTIAL_FR_MA));
    LiaisonException underCleared = client.refusal(anne, toLuc,
        client.content(anne, toLuc, List.of(anne, karim), CONFIDENTIAL_FR_MA));
    LiaisonException reassigned = client.refusal(anne, reassign, null);

    assertThat(notReleasable.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(notReleasable.getMessage()).contains(sofia.officerId());
    assertThat(underCleared.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(underCleared.getMessage()).contains(luc.officerId());
    assertThat(reassigned.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
  }

  @Test
  void taskContentSealedForWhoMayNotSeeItIsRefused() {
    String taskId = TaskClient.newTaskId();
    TaskTransition.Builder create = creation(taskId, karim);

    LiaisonException refused = client.refusal(anne, create,
        client.content(anne, create, List.of(anne, karim, luc), CONFIDENTIAL_FR_MA));

    assertThat(refused.code()).isEqualTo(ErrorCode.NOT_RELEASABLE);
    assertThat(refused.getMessage()).contains(luc.officerId());
  }

  @Test
  void aTaskAboveTheCeilingIsRefused() {
    channel = world.createGroup(anne, Classification.CLASSIFICATION_RESTRICTED, karim)
        .getChannelId();
    TaskTransition.Builder create = creation(TaskClient.newTaskId(), karim);

    LiaisonException refused = client.refusal(anne, create,
        client.content(anne, create, List.of(anne, karim), CONFIDENTIAL_FR_MA));

    assertThat(refused.code()).isEqualTo(ErrorCode.ABOVE_CEILING);
  }

  @Test
  void escalationsOfAHiddenTaskReachOnlySupervisorsWhoMaySeeIt() {
    String taskId = confidentialTask();
    world.clock.advance(ACK_WITHIN.plusSeconds(1));

    List<ChannelEvent> escalations = await(world.escalator().checkNow());

    assertThat(escalations).hasSize(1);
    ChannelEvent escalation = escalations.get(0);
    assertThat(escalation.getTaskEscalated().getTaskId()).isEqualTo(taskId);
    assertThat(world.audienceOf(escalation)).containsExactly(anne.officer().id());
    assertThat(world.history(sofia, channel)).doesNotContain(escalation);
    assertThat(world.history(anne, channel)).contains(escalation);
  }

  @Test
  void aTaskStoredBeforeMarkingsIsUnclassifiedReleasableToAll() throws Exception {
    String taskId = TaskClient.newTaskId();
    TaskTransition.Builder create = creation(taskId, sofia);
    client.send(anne, create, client.content(anne, create, List.of(anne, karim, sofia, luc)));
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE tasks SET markings = NULL WHERE task_id = ?")) {
      ps.setString(1, taskId);
      ps.executeUpdate();
    }
    TaskTransition.Builder ack = client.next(sofia, taskId, TASK_ACTION_ACK,
        TASK_STATUS_ACKNOWLEDGED);

    assertThat(listed(sofia)).contains(taskId);
    assertThat(client.send(sofia, ack, client.content(sofia, ack,
        List.of(anne, karim, sofia, luc))).getStatus()).isEqualTo(TASK_STATUS_ACKNOWLEDGED);
  }

  @Test
  void theAuditEntryOfEveryTransitionNamesTheTasksMarkings() throws Exception {
    String taskId = confidentialTask();
    client.send(karim, client.next(karim, taskId, TASK_ACTION_ACK, TASK_STATUS_ACKNOWLEDGED),
        null);

    assertThat(transitionDetails()).hasSize(2).allSatisfy(details ->
        assertThat(details).contains("markings=CONFIDENTIAL // REL FR, MA"));
  }

  private List<String> transitionDetails() throws Exception {
    List<String> details = new ArrayList<>();
    try (Connection c = world.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT details FROM audit_log WHERE action = 'task.transition' ORDER BY seq");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        details.add(rs.getString(1));
      }
    }
    return details;
  }
}
