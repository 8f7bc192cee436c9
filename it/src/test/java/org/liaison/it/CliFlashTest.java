package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.liaison.it.LiaisonCli.WAIT;
import static org.liaison.it.LiaisonCli.childLiaison;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.it.LiaisonCli.Run;

/**
 * FLASH through the CLI against the real server, officers of three nations (claire FR
 * supervisor, karim MA, javier ES): {@code listen} re-alerts a FLASH message until
 * {@code liaison ack}, which the sender then sees in {@code status}; {@code ack --pending} lists
 * what is still waiting; only recipients acknowledge.
 */
class CliFlashTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();
  private static final LiaisonCli cli = new LiaisonCli(server);
  private static final Pattern SENT = Pattern.compile("sent #(\\d+) .*");

  @TempDir
  Path dir;

  @BeforeAll
  static void everyOfficerHasConnectedOnce() {
    cli.everyOfficerConnectsOnce();
  }

  private static long flash(String channel, String text) {
    Run sent = cli.ok(CLAIRE, "send", channel, "--precedence", "FLASH", text);
    var matcher = SENT.matcher(sent.out().strip());
    assertThat(matcher.matches()).as(sent.out()).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  void listenReAlertsUntilTheRecipientAcknowledgesAndTheSenderSeesIt() throws Exception {
    cli.ok(CLAIRE, "channel", "create", "flash-ops", "--member", KARIM, "--member", JAVIER);
    long first = flash("flash-ops", "Shots fired at gate 4");
    Path out = dir.resolve("listen.out");
    Path err = dir.resolve("listen.err");
    Process listen = childLiaison("--profile", cli.profileOf(KARIM), "--server", cli.address(),
        "listen", "--realert", "1").redirectOutput(out.toFile()).redirectError(err.toFile())
        .start();
    try {
      await("the FLASH message printed, then re-alerted").atMost(WAIT).until(() ->
          read(out).contains("// FLASH] " + CLAIRE + " (fr-pn, FR): Shots fired at gate 4")
              && read(err).contains("!! FLASH still not acknowledged after"));
      assertThat(read(err)).contains("acknowledge it: liaison ack flash-ops " + first);

      Run ack = cli.ok(KARIM, "ack", "flash-ops", Long.toString(first));
      assertThat(ack.out()).startsWith("acknowledged FLASH #" + first + " of flash-ops at ");
      await("listen seeing the acknowledgement").atMost(WAIT).until(() ->
          read(out).contains(KARIM + " acknowledged FLASH #" + first));
      int before = read(err).length();

      long second = flash("flash-ops", "Second vehicle");
      await("the next FLASH re-alerted").atMost(WAIT).until(() ->
          read(err).substring(before).contains("liaison ack flash-ops " + second));
      assertThat(read(err).substring(before)).as("no more re-alerts about the acknowledged one")
          .doesNotContain("liaison ack flash-ops " + first + "\n");
    } finally {
      listen.destroy();
      assertThat(listen.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    Run status = cli.ok(CLAIRE, "status", "flash-ops", Long.toString(first));
    assertThat(status.lines().get(0)).endsWith(", FLASH acknowledged by 1");
    assertThat(status.out()).containsPattern(Pattern.quote(KARIM) + "\\s+\\w.*, acknowledged 20")
        .containsPattern(Pattern.quote(JAVIER) + "\\s+.*NOT acknowledged");
    assertThat(cli.ok(KARIM, "ack", "flash-ops", Long.toString(first)).out())
        .startsWith("already acknowledged FLASH #" + first);
  }

  @Test
  void pendingListsWhatIsWaitingAndOnlyRecipientsAcknowledgeFlashMessages() {
    cli.ok(CLAIRE, "channel", "create", "flash-pending", "--member", KARIM, "--member", JAVIER);
    long flash = flash("flash-pending", "Evacuate hall B");
    long routine = cli.send(CLAIRE, "flash-pending", "routine note");

    Run pending = cli.ok(JAVIER, "ack", "--pending");
    assertThat(pending.out()).contains("Evacuate hall B")
        .contains("acknowledge: liaison ack flash-pending " + flash);

    Run bySender = cli.liaison(CLAIRE, "ack", "flash-pending", Long.toString(flash));
    assertThat(bySender.exitCode()).isEqualTo(1);
    assertThat(bySender.err()).startsWith("error: INVALID_ARGUMENT: you sent #" + flash);
    Run notFlash = cli.liaison(JAVIER, "ack", "flash-pending", Long.toString(routine));
    assertThat(notFlash.exitCode()).isEqualTo(1);
    assertThat(notFlash.err()).contains("is not a FLASH message");
    Run noArguments = cli.liaison(JAVIER, "ack");
    assertThat(noArguments.exitCode()).isEqualTo(2);
    assertThat(noArguments.err()).contains("--pending");

    cli.ok(JAVIER, "ack", "flash-pending", Long.toString(flash));
    assertThat(cli.ok(JAVIER, "ack", "--pending").out()).doesNotContain("flash-pending");
  }
}
