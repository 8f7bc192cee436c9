package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.liaison.it.LiaisonCli.ARABIC;
import static org.liaison.it.LiaisonCli.BANNER;
import static org.liaison.it.LiaisonCli.JSON;
import static org.liaison.it.LiaisonCli.TIME;
import static org.liaison.it.LiaisonCli.WAIT;
import static org.liaison.it.LiaisonCli.childLiaison;
import static org.liaison.it.LiaisonCli.run;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.LUCIA;
import static org.liaison.it.Officers.NADIA;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.it.LiaisonCli.Run;

/**
 * What {@code liaison listen} prints against the real server, what it acknowledges, and how it
 * ends: {@code --once}, {@code --no-ack}, the server going away, Ctrl-C in a child JVM.
 */
class CliListenTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();
  private static final LiaisonCli cli = new LiaisonCli(server);

  @TempDir
  Path dir;

  @BeforeAll
  static void everyOfficerHasConnectedOnce() {
    cli.everyOfficerConnectsOnce();
  }

  @Test
  void listenOncePrintsTheBacklogNamesDirectChannelsByTheOtherOfficerAndDoesNotMarkRead() {
    cli.ok(CLAIRE, "channel", "create", "ops-gate-4", "--member", KARIM);
    long arabic = cli.send(CLAIRE, "ops-gate-4", ARABIC);
    cli.ok(JAVIER, "dm", KARIM);
    long hola = cli.send(JAVIER, KARIM, "hola");

    Run listen = cli.ok(KARIM, "listen", "--once");

    assertThat(listen.linesOf("ops-gate-4")).satisfiesExactly(
        line -> assertThat(line).matches(
            "\\[ops-gate-4 #\\d+ " + TIME + "] " + CLAIRE + " added " + KARIM),
        line -> assertThat(line).matches(
            "\\[ops-gate-4 #" + arabic + " " + TIME + "] " + Pattern.quote(BANNER) + CLAIRE
                + " \\(fr-pn, FR\\): "
                + ARABIC));
    assertThat(listen.linesOf(JAVIER)).satisfiesExactly(
        line -> assertThat(line).matches(
            "\\[" + JAVIER + " #\\d+ " + TIME + "] " + JAVIER + " added " + KARIM),
        line -> assertThat(line).matches(
            "\\[" + JAVIER + " #" + hola + " " + TIME + "] " + Pattern.quote(BANNER) + JAVIER
                + " \\(es-cnp, ES\\): hola"));
    // Acknowledged up to the last event of each channel: nothing of it comes again.
    Run again = cli.ok(KARIM, "listen", "--once");
    assertThat(again.linesOf("ops-gate-4")).isEmpty();
    assertThat(again.linesOf(JAVIER)).isEmpty();
    // Printing is delivery, not reading.
    assertThat(cli.ok(CLAIRE, "status", "ops-gate-4", Long.toString(arabic)).lines().get(0))
        .isEqualTo("delivered to 1 of 1, read by 0");
    assertThat(cli.ok(JAVIER, "status", KARIM, Long.toString(hola)).lines().get(0))
        .isEqualTo("delivered to 1 of 1, read by 0");
  }

  @Test
  void listenNoAckLeavesTheBacklogForNextTimeAndReadMarksItRead() throws Exception {
    String id = cli.ok(LUCIA, "dm", HUGO).out().strip();
    long seq = cli.send(LUCIA, HUGO, "hola");

    Run first = cli.ok(HUGO, "--json", "listen", "--once", "--no-ack");
    Run second = cli.ok(HUGO, "--json", "listen", "--once", "--no-ack");

    List<JsonNode> events = new ArrayList<>();
    for (String line : first.lines()) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as(line).isTrue();
      if (event.get("channelId").asText().equals(id)) {
        events.add(event);
      }
    }
    assertThat(events).extracting(event -> event.get("type").asText())
        .containsExactly("member_added", "message");
    assertThat(events).allSatisfy(event -> assertThat(event.get("channel").asText())
        .isEqualTo(LUCIA));
    assertThat(events.get(1).get("seq").asLong()).isEqualTo(seq);
    assertThat(events.get(1).get("text").asText()).isEqualTo("hola");
    assertThat(events.get(1).get("actor").asText()).isEqualTo(LUCIA);
    // Who sent it comes from the sender's verified keys, not from the server.
    assertThat(events).allSatisfy(event -> assertThat(event.get("verified").asBoolean()).isTrue());
    assertThat(events.get(1).get("senderAgency").asText()).isEqualTo("es-cnp");
    assertThat(events.get(1).get("senderNation").asText()).isEqualTo("ES");
    assertThat(events.get(1).has("problem")).isFalse();
    assertThat(second.out()).as("nothing was acknowledged").isEqualTo(first.out());
    assertThat(cli.ok(LUCIA, "status", HUGO, Long.toString(seq)).lines().get(0))
        .isEqualTo("delivered to 0 of 1, read by 0");

    Run read = cli.ok(HUGO, "read", LUCIA, Long.toString(seq));

    assertThat(read.out().strip())
        .isEqualTo(LUCIA + ": read up to #" + seq + ", delivered up to #" + seq);
    assertThat(cli.ok(LUCIA, "status", HUGO, Long.toString(seq)).lines().get(0))
        .isEqualTo("delivered to 1 of 1, read by 1");
  }

  @Test
  void listenStopsWithCannotConnectWhenTheServerGoesAway() throws Exception {
    cli.ok(CLAIRE, "channel", "create", "going-away", "--member", NADIA);
    cli.send(CLAIRE, "going-away", "last words");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = cli.withProfile(NADIA, "listen");
    CompletableFuture<Run> listening = CompletableFuture.supplyAsync(() -> run(out, err, args));
    await("listen printing the backlog").atMost(WAIT)
        .until(() -> out.toString().contains("] " + BANNER + CLAIRE + " (fr-pn, FR): last words"));

    server.stop();
    try {
      assertThat(listening).succeedsWithin(WAIT).satisfies(run -> {
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.linesOf("going-away")).hasSize(2);
        assertThat(run.err().strip()).isEqualTo("error: server closed the connection: "
            + "SERVER_SHUTTING_DOWN: the server is shutting down; reconnect later");
      });
    } finally {
      server.start();
    }
  }

  @Test
  void listenExitsZeroOnCtrlCAndHasAcknowledgedWhatItPrinted() throws Exception {
    cli.ok(LUCIA, "channel", "create", "ctrl-c", "--member", JAVIER);
    cli.send(LUCIA, "ctrl-c", ARABIC);
    Path output = dir.resolve("listen.out");
    Process process = childLiaison("--profile", cli.profileOf(JAVIER), "--server", cli.address(),
        "listen").redirectOutput(output.toFile()).start();
    try {
      // Printing comes after Sync, which comes after the Ctrl-C handler is installed.
      await("listen printing the backlog").atMost(WAIT).until(() ->
          Files.readString(output, StandardCharsets.UTF_8)
              .contains(LUCIA + " (es-cnp, ES): " + ARABIC));

      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
      assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
    assertThat(cli.ok(JAVIER, "listen", "--once").linesOf("ctrl-c")).isEmpty();
  }
}
