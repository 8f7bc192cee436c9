package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.LUCIA;
import static org.liaison.it.Officers.NADIA;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.liaison.cli.LiaisonCommand;

/**
 * The {@code liaison} CLI as the CLI tests run it against one test server: in-process as a user
 * would run it, or as a child JVM where signals or the platform charset matter.
 */
final class LiaisonCli {
  static final List<String> OFFICERS = List.of(CLAIRE, HUGO, KARIM, NADIA, LUCIA, JAVIER);

  static final String ARABIC = "اجتماع عند البوابة ٤";
  /** The banner of a message with the channel's default markings (docs/markings.md). */
  static final String BANNER = "[UNCLASSIFIED // REL ALL] ";
  static final String TIME = "\\d\\d:\\d\\d:\\d\\d";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SENT = Pattern.compile("sent #(\\d+) (?:\\[[^]]+\\] )?to (.+)");

  /** What one run printed and exited with. */
  record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    /** The lines about one channel, by the name the CLI shows for it. */
    List<String> linesOf(String channelName) {
      return lines().stream().filter(line -> line.startsWith("[" + channelName + " #")).toList();
    }
  }

  private final LiaisonServerExtension server;

  LiaisonCli(LiaisonServerExtension server) {
    this.server = server;
  }

  /** Runs {@code whoami} as everyone: a supervisor adds only officers the server has seen. */
  void everyOfficerConnectsOnce() {
    for (String officer : OFFICERS) {
      ok(officer, "whoami");
    }
  }

  String address() {
    return LiaisonServerExtension.HOST + ":" + server.port();
  }

  String profileOf(String officer) {
    return server.pki().profile(officer).toString();
  }

  /** Runs {@code liaison --profile <officer> --server <this server> args...}. */
  Run liaison(String officer, String... args) {
    return run(new StringWriter(), new StringWriter(), withProfile(officer, args));
  }

  String[] withProfile(String officer, String... args) {
    List<String> all = new ArrayList<>(
        List.of("--profile", profileOf(officer), "--server", address()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  static Run run(StringWriter out, StringWriter err, String... args) {
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  Run ok(String officer, String... args) {
    Run run = liaison(officer, args);
    assertThat(run.exitCode()).as("liaison %s %s: %s", officer, String.join(" ", args), run.err())
        .isZero();
    return run;
  }

  /** Sends and returns the sequence number the server gave the message. */
  long send(String officer, String channel, String text) {
    Run run = ok(officer, "send", channel, text);
    Matcher sent = SENT.matcher(run.out().strip());
    assertThat(sent.matches()).as(run.out()).isTrue();
    return Long.parseLong(sent.group(1));
  }

  /** A {@code liaison} child JVM with the test class path. */
  static ProcessBuilder childLiaison(String... jvmOptionsThenArgs) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    List<String> rest = List.of(jvmOptionsThenArgs);
    int firstArg = 0;
    while (firstArg < rest.size() && rest.get(firstArg).startsWith("-D")) {
      command.add(rest.get(firstArg++));
    }
    command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), LiaisonCommand.class.getName()));
    command.addAll(rest.subList(firstArg, rest.size()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
  }
}
