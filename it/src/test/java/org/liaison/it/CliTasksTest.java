package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.cli.LiaisonCommand;

/**
 * A task from creation to done through the {@code liaison} CLI, as the README shows it: a French
 * supervisor, a Moroccan and a Spanish officer; refusals exit with 1 and name the error code.
 */
class CliTasksTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String JAVIER = "es-cnp.javier.ruiz";

  private record Run(int exitCode, String out, String err) {
  }

  private static Run liaison(String officer, String... args) {
    List<String> all = new ArrayList<>(List.of("--profile", server.pki().profile(officer).toString(),
        "--server", LiaisonServerExtension.HOST + ":" + server.port()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run ok(String officer, String... args) {
    Run run = liaison(officer, args);
    assertThat(run.exitCode()).as("liaison %s %s: %s", officer, String.join(" ", args), run.err())
        .isZero();
    return run;
  }

  @BeforeAll
  static void everyOfficerHasConnectedOnce() {
    for (String officer : List.of(CLAIRE, KARIM, JAVIER)) {
      ok(officer, "whoami");
    }
  }

  @Test
  void aSupervisorAndTwoOfficersRunATaskFromCreationToDone() throws Exception {
    ok(CLAIRE, "channel", "create", "gate-4", "--purpose", "Gate 4 security", "--member", KARIM,
        "--member", JAVIER);
    String task = ok(CLAIRE, "task", "create", "gate-4", "--title", "Sweep gate 4",
        "--description", "With the dog team", "--assignee", KARIM, "--priority", "high",
        "--due", "+2h", "--ack-by", "+30m").out().strip();
    assertThat(task).matches("t-[a-z2-7]{16}");

    Run notAssignee = liaison(JAVIER, "task", "ack", task);
    assertThat(notAssignee.exitCode()).isEqualTo(1);
    assertThat(notAssignee.err()).contains("PERMISSION_DENIED");

    assertThat(ok(KARIM, "task", "list", "--mine").out()).contains(task, "\"Sweep gate 4\"", "assigned");
    assertThat(ok(KARIM, "task", "ack", task).out()).startsWith("acknowledged " + task + ": now acknowledged");
    ok(KARIM, "task", "start", task);
    ok(KARIM, "task", "note", task, "Dog team on site");
    Run early = liaison(CLAIRE, "task", "reopen", task);
    assertThat(early.exitCode()).isEqualTo(1);
    assertThat(early.err()).contains("ILLEGAL_TRANSITION");
    assertThat(ok(KARIM, "task", "done", task, "--result", "Gate 4 clear").out())
        .startsWith("completed " + task + ": now done");

    String show = ok(JAVIER, "task", "show", task).out();
    assertThat(show).contains("\"Sweep gate 4\"", "With the dog team", "status done",
        "history (every step signed and verified)",
        CLAIRE + " (fr-pn, FR) [verified] created task " + task + " for " + KARIM,
        KARIM + " (ma-dgsn, MA) [verified] acknowledged task " + task + " (assigned -> acknowledged)",
        "noted on task " + task + ": Dog team on site",
        "completed task " + task + " (in_progress -> done): Gate 4 clear");
    assertThat(show).doesNotContain("NOT VERIFIED");

    JsonNode json = new ObjectMapper().readTree(ok(CLAIRE, "--json", "task", "show", task).out());
    assertThat(json.get("task").get("status").asText()).isEqualTo("done");
    assertThat(json.get("task").get("verified").asBoolean()).isTrue();
    assertThat(json.get("history")).hasSize(5);

    assertThat(ok(CLAIRE, "task", "list", "--channel", "gate-4", "--status", "done", "--assigned-by-me")
        .out()).contains(task);
    assertThat(ok(CLAIRE, "task", "list", "--overdue").out()).doesNotContain(task);

    String listened = ok(JAVIER, "listen", "--once").out();
    assertThat(listened).contains(CLAIRE + " (fr-pn, FR) created task " + task + " for " + KARIM
        + ": \"Sweep gate 4\" - With the dog team [high, due ");
    assertThat(listened).contains(KARIM + " (ma-dgsn, MA) completed task " + task);
    assertThat(ok(JAVIER, "history", "gate-4").out()).contains("started task " + task);
  }

  @Test
  void badTimesAreUsageErrors() {
    Run run = liaison(CLAIRE, "task", "create", "gate-4", "--title", "x", "--assignee", KARIM,
        "--due", "tomorrow");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--due", "+2h");
  }
}
