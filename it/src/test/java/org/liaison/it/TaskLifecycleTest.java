package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.client.OpenedEvent;
import org.liaison.client.ServerRefusedException;
import org.liaison.client.TaskContent;
import org.liaison.client.TaskView;
import org.liaison.client.crypto.TaskChain;
import org.liaison.client.crypto.TaskRejectedException;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.TaskAccepted;
import org.liaison.proto.v1.TaskDetail;
import org.liaison.proto.v1.TaskPriority;
import org.liaison.proto.v1.TaskStatus;
import org.liaison.proto.v1.TaskTransition;

/**
 * Tasks through the client library against the real server: a supervisor of one agency and two
 * officers of two others run a task from creation to done, every member sees it live and
 * decrypted, only the assignee acknowledges, a plain officer cannot create one, an illegal step is
 * refused with ILLEGAL_TRANSITION, and a transition a malicious server alters is caught by the
 * client.
 */
class TaskLifecycleTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";   // supervisor
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String JAVIER = "es-cnp.javier.ruiz";
  private static final String TITLE = "Sweep gate 4 with the dog team";
  private static final String DESCRIPTION = "Before 14:00 — قبل الساعة ١٤:٠٠";

  private static Participant claire;
  private static Participant karim;
  private static Participant javier;
  private static String channel;

  @BeforeAll
  static void aChannelOfThreeAgencies() throws Exception {
    for (String officer : List.of(CLAIRE, KARIM, JAVIER)) {
      Participant.connect(server, officer).close();
    }
    claire = track(Participant.connect(server, CLAIRE));
    karim = track(Participant.connect(server, KARIM));
    javier = track(Participant.connect(server, JAVIER)).sync();
    channel = get(claire.channels().create("ops-tasks", "tasking", List.of(KARIM, JAVIER)))
        .getChannelId();
  }

  private static Participant track(Participant participant) {
    server.track(participant.client());
    return participant;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  private static ServerRefusedException refusal(CompletableFuture<?> future) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> get(future));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(ServerRefusedException.class);
    return (ServerRefusedException) thrown.getCause();
  }

  private static String create(Participant by, String assignee) throws Exception {
    TaskAccepted accepted = get(by.tasks().create(channel, TITLE, DESCRIPTION, assignee,
        TaskPriority.TASK_PRIORITY_HIGH, Optional.of(Instant.now().plus(Duration.ofHours(2))),
        Optional.of(Instant.now().plus(Duration.ofMinutes(30)))));
    assertThat(accepted.getTaskId()).matches(TaskChain.TASK_ID);
    assertThat(accepted.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_ASSIGNED);
    return accepted.getTaskId();
  }

  @Test
  void aSupervisorAndTwoOfficersOfOtherAgenciesRunATaskFromCreationToDone() throws Exception {
    String task = create(claire, KARIM);
    assertThat(get(karim.tasks().ack(task)).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_ACKNOWLEDGED);
    assertThat(get(karim.tasks().start(task)).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_IN_PROGRESS);
    get(karim.tasks().note(task, "Dog team on site"));
    get(claire.tasks().note(task, "Gate 5 next"));
    TaskAccepted done = get(karim.tasks().complete(task, "Gate 4 clear, nothing found"));
    assertThat(done.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_DONE);
    assertThat(done.getIndex()).isEqualTo(5);

    for (Participant reader : List.of(claire, karim, javier)) {
      TaskView view = get(reader.tasks().get(task));
      assertThat(view.isVerified()).as(reader.officerId()).isTrue();
      assertThat(view.title()).contains(TITLE);
      assertThat(view.description()).contains(DESCRIPTION);
      assertThat(view.chain().status()).isEqualTo(TaskStatus.TASK_STATUS_DONE);
      assertThat(view.summary().getStatus()).isEqualTo(TaskStatus.TASK_STATUS_DONE);
      assertThat(view.steps()).extracting(step -> step.transition().orElseThrow().getActor())
          .containsExactly(CLAIRE, KARIM, KARIM, KARIM, CLAIRE, KARIM);
      assertThat(view.steps()).extracting(step -> step.content().map(TaskContent::description)
          .orElse("")).containsExactly(DESCRIPTION, "", "", "Dog team on site", "Gate 5 next",
              "Gate 4 clear, nothing found");
      assertThat(view.steps().get(1).opened().sender().orElseThrow().agency()).isEqualTo("ma-dgsn");
    }

    assertThat(get(claire.tasks().list(new org.liaison.client.Tasks.Filter(channel, false, true,
        java.util.Set.of(TaskStatus.TASK_STATUS_DONE), false, 0))))
        .extracting(summary -> summary.getTaskId()).contains(task);
    assertThat(get(karim.tasks().list(new org.liaison.client.Tasks.Filter(null, true, false,
        java.util.Set.of(), false, 0)))).extracting(summary -> summary.getTaskId()).contains(task);

    // Javier, a member who is not involved, saw every step live, verified and decrypted.
    await("javier receiving the task's six steps").atMost(Duration.ofSeconds(30)).until(() ->
        taskEvents(javier, task).size() >= 6);
    List<OpenedEvent> seen = taskEvents(javier, task);
    assertThat(seen).allMatch(OpenedEvent::isVerified);
    assertThat(seen.get(0).isReadable()).isTrue();
    assertThat(TaskContent.decode(seen.get(0).contentType(), seen.get(0).plaintext()))
        .map(TaskContent::title).contains(TITLE);
  }

  private static List<OpenedEvent> taskEvents(Participant participant, String task) {
    return participant.opened(channel).stream().filter(event -> event.event().hasTask())
        .filter(event -> transition(event.event()).getTaskId().equals(task)).toList();
  }

  private static TaskTransition transition(ChannelEvent event) {
    return TaskChain.parse(event.getTask().getTransition());
  }

  @Test
  void onlyTheAssigneeAcknowledges() throws Exception {
    String task = create(claire, KARIM);
    ServerRefusedException refused = refusal(javier.tasks().ack(task));
    assertThat(refused.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(refusal(claire.tasks().ack(task)).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(get(karim.tasks().ack(task)).getStatus()).isEqualTo(TaskStatus.TASK_STATUS_ACKNOWLEDGED);
  }

  @Test
  void anOfficerWhoIsNotAChannelSupervisorCannotCreateOrAssign() throws Exception {
    assertThat(refusal(karim.tasks().create(channel, "rogue", "", JAVIER,
        TaskPriority.TASK_PRIORITY_LOW, Optional.empty(), Optional.empty())).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
    String task = create(claire, KARIM);
    assertThat(refusal(karim.tasks().assign(task, JAVIER)).code())
        .isEqualTo(ErrorCode.PERMISSION_DENIED);
  }

  /**
   * A malicious server treats a plain member as a channel supervisor (its membership table says
   * so; no signed statement does) and accepts the task he signs: the other members' clients show
   * the step as not authorised, never as verified.
   */
  @Test
  void aSupervisorStepByAnOfficerNoSignedStatementPromotedIsNotAuthorised() throws Exception {
    setRole(KARIM, "SUPERVISOR");
    String task;
    try {
      task = get(karim.tasks().create(channel, "rogue order", "", JAVIER,
          TaskPriority.TASK_PRIORITY_URGENT, Optional.empty(), Optional.empty())).getTaskId();
    } finally {
      setRole(KARIM, "MEMBER");
    }

    TaskView seen = get(javier.tasks().get(task));

    assertThat(seen.isVerified()).isFalse();
    assertThat(seen.steps().get(0).verified()).isFalse();
    assertThat(seen.steps().get(0).problem()).contains("not authorised").contains(KARIM)
        .contains("not a supervisor");
  }

  private static void setRole(String officer, String role) throws Exception {
    try (ServerDatabase db = ServerDatabase.of(server);
        var update = db.connection().prepareStatement(
            "UPDATE channel_members SET role = ? WHERE channel_id = ? AND officer_id = ?"
                + " AND until_seq IS NULL")) {
      update.setString(1, role);
      update.setString(2, channel);
      update.setString(3, officer);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void anIllegalTransitionIsRefusedNamingTheCurrentState() throws Exception {
    String task = create(claire, KARIM);
    ServerRefusedException refused = refusal(karim.tasks().complete(task, null));
    assertThat(refused.code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThat(refused.getMessage()).containsIgnoringCase("assigned");

    get(claire.tasks().cancel(task, "no longer needed"));
    assertThat(refusal(karim.tasks().ack(task)).code()).isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
    assertThat(refusal(claire.tasks().reopen(task, null)).code())
        .isEqualTo(ErrorCode.ILLEGAL_TRANSITION);
  }

  @Test
  void aRejectedTaskIsReassignedAndDone() throws Exception {
    String task = create(claire, KARIM);
    get(karim.tasks().reject(task, "Team busy at gate 2"));
    get(claire.tasks().assign(task, JAVIER));
    get(javier.tasks().start(task));
    get(javier.tasks().complete(task, ""));
    get(claire.tasks().reopen(task, "Check again"));
    TaskView view = get(karim.tasks().get(task));
    assertThat(view.isVerified()).isTrue();
    assertThat(view.chain().status()).isEqualTo(TaskStatus.TASK_STATUS_ASSIGNED);
    assertThat(view.chain().assignee()).isEqualTo(JAVIER);
  }

  @Test
  void aTransitionAlteredByTheServerIsDetectedByTheClient() throws Exception {
    String task = create(claire, KARIM);
    get(karim.tasks().ack(task));
    TaskDetail honest = get(claire.tasks().detail(task));

    // The server says Javier, not Karim, is the assignee after the acknowledgement.
    ChannelEvent ack = honest.getEvents(1);
    TaskTransition altered = transition(ack).toBuilder().setAssignee(JAVIER).build();
    ChannelEvent forged = ack.toBuilder().setTask(ack.getTask().toBuilder().setTransition(
        ack.getTask().getTransition().toBuilder().setTransition(altered.toByteString()))).build();
    TaskView view = claire.tasks().open(task, honest.toBuilder().setEvents(1, forged).build());

    assertThat(view.isVerified()).isFalse();
    assertThat(view.steps().get(0).verified()).isTrue();
    assertThat(view.steps().get(1).verified()).isFalse();
    assertThat(view.steps().get(1).problem()).contains("bad signature");
    assertThat(view.chain().rejection().orElseThrow().reason())
        .isEqualTo(TaskRejectedException.Reason.BAD_SIGNATURE);

    // Swapped content: the creation's sealed title replaced by other bytes.
    ChannelEvent creation = honest.getEvents(0);
    ChannelEvent swapped = creation.toBuilder().setTask(creation.getTask().toBuilder().setContent(
        creation.getTask().getContent().toBuilder().setBody(ByteString.copyFromUtf8("other")))).build();
    TaskView swappedView = claire.tasks().open(task, honest.toBuilder().setEvents(0, swapped).build());
    assertThat(swappedView.steps().get(0).verified()).isFalse();
    assertThat(swappedView.steps().get(0).problem()).contains("content does not match");
    assertThat(swappedView.title()).isEmpty();

    // And this client refuses to sign on top of a history it cannot verify.
    assertThatThrownBy(() -> TaskChain.verify(task, List.of(creation.getTask().getTransition(),
        forged.getTask().getTransition()),
        org.liaison.client.crypto.BundleVerifier.forProfile(claire.profile(), java.time.Clock.systemUTC()),
        Instant.now())).isInstanceOf(TaskRejectedException.class);
  }
}
