package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.cli.LiaisonCommand;
import org.liaison.client.ClientProfile;
import org.liaison.it.TestPki.Refused;

/**
 * What the {@code liaison} verbs print and exit with against the real server, run in-process as
 * a user would run them (and as a child JVM where signals or the platform charset matter): the
 * exact text and {@code --json} shapes, acknowledgements, refusals, and the ways a connection
 * ends.
 */
class CliCommandsTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";   // supervisor
  private static final String HUGO = "fr-pn.hugo.lefevre";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String NADIA = "ma-dgsn.nadia.elamrani";
  private static final String LUCIA = "es-cnp.lucia.garcia";    // supervisor
  private static final String JAVIER = "es-cnp.javier.ruiz";
  private static final List<String> OFFICERS = List.of(CLAIRE, HUGO, KARIM, NADIA, LUCIA, JAVIER);

  private static final String ARABIC = "اجتماع عند البوابة ٤";
  /** The banner of a message with the channel's default markings (docs/markings.md). */
  private static final String BANNER = "[UNCLASSIFIED // REL ALL] ";
  private static final Pattern SENT = Pattern.compile("sent #(\\d+) (?:\\[[^]]+\\] )?to (.+)");
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    /** The lines about one channel, by the name the CLI shows for it. */
    List<String> linesOf(String channelName) {
      return lines().stream().filter(line -> line.startsWith("[" + channelName + " #")).toList();
    }
  }

  private static String address() {
    return LiaisonServerExtension.HOST + ":" + server.port();
  }

  private static String profileOf(String officer) {
    return server.pki().profile(officer).toString();
  }

  /** Runs {@code liaison --profile <officer> --server <this server> args...}. */
  private static Run liaison(String officer, String... args) {
    return run(new StringWriter(), new StringWriter(), withProfile(officer, args));
  }

  private static String[] withProfile(String officer, String... args) {
    List<String> all = new ArrayList<>(
        List.of("--profile", profileOf(officer), "--server", address()));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private static Run run(StringWriter out, StringWriter err, String... args) {
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Run ok(String officer, String... args) {
    Run run = liaison(officer, args);
    assertThat(run.exitCode()).as("liaison %s %s: %s", officer, String.join(" ", args), run.err())
        .isZero();
    return run;
  }

  private static long send(String officer, String channel, String text) {
    Run run = ok(officer, "send", channel, text);
    Matcher sent = SENT.matcher(run.out().strip());
    assertThat(sent.matches()).as(run.out()).isTrue();
    return Long.parseLong(sent.group(1));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A {@code liaison} child JVM with the test class path. */
  private static ProcessBuilder childLiaison(String... jvmOptionsThenArgs) {
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

  @BeforeAll
  static void everyOfficerHasConnectedOnce() {
    // A supervisor can add only officers the server has seen.
    for (String officer : OFFICERS) {
      ok(officer, "whoami");
    }
  }

  @Test
  void whoamiPrintsEveryLineOfTheIdentityTheServerDerived() {
    Instant before = Instant.now().minusSeconds(1);

    Run run = ok(CLAIRE, "whoami");

    String device = ClientProfile.load(server.pki().profile(CLAIRE)).deviceId();
    assertThat(run.lines()).hasSize(7);
    assertThat(run.lines().subList(0, 6)).containsExactly(
        "officer:     " + CLAIRE,
        "agency:      fr-pn",
        "nation:      FR",
        "roles:       officer, supervisor",
        "clearance:   SECRET",
        "device:      " + device);
    assertThat(run.lines().get(6)).startsWith("server time: ");
    assertThat(Instant.parse(run.lines().get(6).substring("server time: ".length())))
        .isBetween(before, Instant.now().plusSeconds(1));
  }

  @Test
  void whoamiJsonIsOneObjectWithLowerCaseRolesDeviceAndServerTime() throws Exception {
    Instant before = Instant.now().minusSeconds(1);

    JsonNode json = JSON.readTree(ok(NADIA, "whoami", "--json").out());

    assertThat(json.get("officer").asText()).isEqualTo(NADIA);
    assertThat(json.get("agency").asText()).isEqualTo("ma-dgsn");
    assertThat(json.get("nation").asText()).isEqualTo("MA");
    assertThat(json.get("roles")).extracting(JsonNode::asText)
        .containsExactly("officer", "auditor");
    assertThat(json.get("device").asText())
        .isEqualTo(ClientProfile.load(server.pki().profile(NADIA)).deviceId()).startsWith("cli-");
    assertThat(Instant.parse(json.get("serverTime").asText()))
        .isBetween(before, Instant.now().plusSeconds(1));
  }

  @Test
  void serverOptionOverridesTheProfileInEitherPosition() throws Exception {
    // A copy of Claire's profile that points where nothing listens.
    Path profile = Files.createDirectories(dir.resolve("claire"));
    try (Stream<Path> files = Files.list(server.pki().profile(CLAIRE))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, profile.resolve(file.getFileName()));
      }
    }
    Path properties = profile.resolve("liaison.properties");
    Files.writeString(properties, Files.readString(properties)
        .replaceAll("(?m)^server=.*$", "server=127.0.0.1:" + closedPort()));

    Run direct = run(new StringWriter(), new StringWriter(),
        "--profile", profile.toString(), "ping");
    Run before = run(new StringWriter(), new StringWriter(),
        "--profile", profile.toString(), "--server", address(), "ping");
    Run after = run(new StringWriter(), new StringWriter(),
        "ping", "--server", address(), "--profile", profile.toString());

    assertThat(direct.exitCode()).isEqualTo(3);
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(before.out())
        .matches("pong from " + Pattern.quote(address()) + ": \\d+\\.\\d\\d ms\\R");
    assertThat(after.out()).startsWith("pong from " + address() + ": ");
  }

  @Test
  void pingJsonReportsTheServerTheRoundTripAndTheServerTime() throws Exception {
    Instant before = Instant.now().minusSeconds(1);

    JsonNode json = JSON.readTree(ok(LUCIA, "--json", "ping").out());

    assertThat(json.get("server").asText()).isEqualTo(address());
    assertThat(json.get("rttMs").asDouble()).isPositive();
    assertThat(Instant.parse(json.get("serverTime").asText()))
        .isBetween(before, Instant.now().plusSeconds(1));
  }

  @Test
  void certificateFromACaTheServerDoesNotTrustCannotConnect() {
    Run run = run(new StringWriter(), new StringWriter(),
        "--profile", server.pki().refusedProfile(Refused.FOREIGN_CA).toString(),
        "--server", address(), "whoami");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("error: cannot connect to " + address() + ": ")
        .contains("server closed the connection");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void mainWritesArabicAsUtf8WhateverThePlatformCharset() throws Exception {
    String name = "عمليات البوابة ٤";
    String id = ok(CLAIRE, "channel", "create", name).out().strip();
    long seq = send(CLAIRE, id, ARABIC);
    // A JVM whose platform charset cannot encode Arabic, as on a server with LANG=C.
    Path output = dir.resolve("history.out");
    Process process = childLiaison("-Dfile.encoding=US-ASCII",
        "--profile", profileOf(CLAIRE), "--server", address(), "history", id)
        .redirectOutput(output.toFile()).start();
    try {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }

    assertThat(process.exitValue()).isZero();
    assertThat(Files.readAllLines(output, StandardCharsets.UTF_8))
        .anyMatch(line -> line.matches("\\[" + name + " #" + seq + " " + TIME + "] "
            + Pattern.quote(BANNER + CLAIRE + " (fr-pn, FR): " + ARABIC)));
  }

  @Test
  void listenOncePrintsTheBacklogNamesDirectChannelsByTheOtherOfficerAndDoesNotMarkRead() {
    ok(CLAIRE, "channel", "create", "ops-gate-4", "--member", KARIM);
    long arabic = send(CLAIRE, "ops-gate-4", ARABIC);
    ok(JAVIER, "dm", KARIM);
    long hola = send(JAVIER, KARIM, "hola");

    Run listen = ok(KARIM, "listen", "--once");

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
    Run again = ok(KARIM, "listen", "--once");
    assertThat(again.linesOf("ops-gate-4")).isEmpty();
    assertThat(again.linesOf(JAVIER)).isEmpty();
    // Printing is delivery, not reading.
    assertThat(ok(CLAIRE, "status", "ops-gate-4", Long.toString(arabic)).lines().get(0))
        .isEqualTo("delivered to 1 of 1, read by 0");
    assertThat(ok(JAVIER, "status", KARIM, Long.toString(hola)).lines().get(0))
        .isEqualTo("delivered to 1 of 1, read by 0");
  }

  @Test
  void listenNoAckLeavesTheBacklogForNextTimeAndReadMarksItRead() throws Exception {
    String id = ok(LUCIA, "dm", HUGO).out().strip();
    long seq = send(LUCIA, HUGO, "hola");

    Run first = ok(HUGO, "--json", "listen", "--once", "--no-ack");
    Run second = ok(HUGO, "--json", "listen", "--once", "--no-ack");

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
    assertThat(ok(LUCIA, "status", HUGO, Long.toString(seq)).lines().get(0))
        .isEqualTo("delivered to 0 of 1, read by 0");

    Run read = ok(HUGO, "read", LUCIA, Long.toString(seq));

    assertThat(read.out().strip())
        .isEqualTo(LUCIA + ": read up to #" + seq + ", delivered up to #" + seq);
    assertThat(ok(LUCIA, "status", HUGO, Long.toString(seq)).lines().get(0))
        .isEqualTo("delivered to 1 of 1, read by 1");
  }

  @Test
  void listenStopsWithCannotConnectWhenTheServerGoesAway() throws Exception {
    ok(CLAIRE, "channel", "create", "going-away", "--member", NADIA);
    send(CLAIRE, "going-away", "last words");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = withProfile(NADIA, "listen");
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
    ok(LUCIA, "channel", "create", "ctrl-c", "--member", JAVIER);
    send(LUCIA, "ctrl-c", ARABIC);
    Path output = dir.resolve("listen.out");
    Process process = childLiaison("--profile", profileOf(JAVIER), "--server", address(), "listen")
        .redirectOutput(output.toFile()).start();
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
    assertThat(ok(JAVIER, "listen", "--once").linesOf("ctrl-c")).isEmpty();
  }

  @Test
  void sendToAnOfficerJsonNamesTheDirectChannel() throws Exception {
    String id = ok(LUCIA, "dm", JAVIER).out().strip();

    JsonNode json = JSON.readTree(ok(LUCIA, "--json", "send", JAVIER, "hola").out());

    assertThat(json.get("channelId").asText()).isEqualTo(id);
    assertThat(json.get("channel").asText()).isEqualTo(JAVIER);
    assertThat(json.get("seq").asLong()).isPositive();
    assertThat(json.get("messageId").asText()).isNotBlank();
    assertThat(json.get("duplicate").asBoolean()).isFalse();
    assertThat(ok(JAVIER, "history", LUCIA).lines())
        .anyMatch(line -> line.startsWith("[" + LUCIA + " #" + json.get("seq").asLong() + " ")
            && line.endsWith("] " + BANNER + LUCIA + " (es-cnp, ES): hola"));
  }

  @Test
  void aChannelIdThatIsNotOneOfMineGetsTheServersNotFound() {
    String theirs = ok(CLAIRE, "channel", "create", "private-room", "--member", HUGO).out().strip();
    String nobodys = "c-aaaaaaaaaaaa";

    Run intruder = liaison(KARIM, "send", theirs, "let me in");
    Run unknown = liaison(KARIM, "send", nobodys, "anyone?");

    assertThat(intruder.exitCode()).isEqualTo(1);
    assertThat(intruder.err().strip())
        .isEqualTo("error: NOT_FOUND: no channel " + theirs + " that you are a member of");
    assertThat(intruder.out()).isEmpty();
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo("error: NOT_FOUND: no channel " + nobodys + " that you are a member of");
    assertThat(ok(CLAIRE, "history", "private-room").out()).doesNotContain("let me in");
  }

  @Test
  void aNameThatIsNoChannelIsReportedAsSuch() {
    Run run = liaison(CLAIRE, "send", "ops-gate-5", "hello");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("error: no channel named ops-gate-5");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void channelListShowsMemberCountRoleAndLastSequenceNumber() {
    String id = ok(CLAIRE, "channel", "create", "list-check", "--member", HUGO, "--member", KARIM)
        .out().strip();
    long seq = send(CLAIRE, "list-check", "count us");

    Run list = ok(CLAIRE, "channel", "list");

    assertThat(list.lines()).anySatisfy(line -> assertThat(line).matches(Pattern.quote(id)
        + " +group +list-check +3 members +supervisor +last #" + seq));
  }
}
