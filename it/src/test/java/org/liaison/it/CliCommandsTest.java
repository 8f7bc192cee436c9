package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.it.LiaisonCli.ARABIC;
import static org.liaison.it.LiaisonCli.BANNER;
import static org.liaison.it.LiaisonCli.JSON;
import static org.liaison.it.LiaisonCli.TIME;
import static org.liaison.it.LiaisonCli.childLiaison;
import static org.liaison.it.LiaisonCli.run;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.LUCIA;
import static org.liaison.it.Officers.NADIA;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.client.ClientProfile;
import org.liaison.it.LiaisonCli.Run;
import org.liaison.it.TestPki.Refused;

/**
 * What the {@code liaison} verbs print and exit with against the real server, run in-process as
 * a user would run them (and as a child JVM where the platform charset matters): the exact text
 * and {@code --json} shapes, refusals, and the ways a connection fails. How {@code listen}
 * prints, acknowledges and ends is in {@link CliListenTest}.
 */
class CliCommandsTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();
  private static final LiaisonCli cli = new LiaisonCli(server);

  @TempDir
  Path dir;

  @BeforeAll
  static void everyOfficerHasConnectedOnce() {
    cli.everyOfficerConnectsOnce();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void whoamiPrintsEveryLineOfTheIdentityTheServerDerived() {
    Instant before = Instant.now().minusSeconds(1);

    Run run = cli.ok(CLAIRE, "whoami");

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

    JsonNode json = JSON.readTree(cli.ok(NADIA, "whoami", "--json").out());

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
        "--profile", profile.toString(), "--server", cli.address(), "ping");
    Run after = run(new StringWriter(), new StringWriter(),
        "ping", "--server", cli.address(), "--profile", profile.toString());

    assertThat(direct.exitCode()).isEqualTo(3);
    assertThat(before.exitCode()).as(before.err()).isZero();
    assertThat(after.exitCode()).as(after.err()).isZero();
    assertThat(before.out())
        .matches("pong from " + Pattern.quote(cli.address()) + ": \\d+\\.\\d\\d ms\\R");
    assertThat(after.out()).startsWith("pong from " + cli.address() + ": ");
  }

  @Test
  void pingJsonReportsTheServerTheRoundTripAndTheServerTime() throws Exception {
    Instant before = Instant.now().minusSeconds(1);

    JsonNode json = JSON.readTree(cli.ok(LUCIA, "--json", "ping").out());

    assertThat(json.get("server").asText()).isEqualTo(cli.address());
    assertThat(json.get("rttMs").asDouble()).isPositive();
    assertThat(Instant.parse(json.get("serverTime").asText()))
        .isBetween(before, Instant.now().plusSeconds(1));
  }

  @Test
  void certificateFromACaTheServerDoesNotTrustCannotConnect() {
    Run run = run(new StringWriter(), new StringWriter(),
        "--profile", server.pki().refusedProfile(Refused.FOREIGN_CA).toString(),
        "--server", cli.address(), "whoami");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("error: cannot connect to " + cli.address() + ": ")
        .contains("server closed the connection");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void mainWritesArabicAsUtf8WhateverThePlatformCharset() throws Exception {
    String name = "عمليات البوابة ٤";
    String id = cli.ok(CLAIRE, "channel", "create", name).out().strip();
    long seq = cli.send(CLAIRE, id, ARABIC);
    // A JVM whose platform charset cannot encode Arabic, as on a server with LANG=C.
    Path output = dir.resolve("history.out");
    Process process = childLiaison("-Dfile.encoding=US-ASCII",
        "--profile", cli.profileOf(CLAIRE), "--server", cli.address(), "history", id)
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
  void sendToAnOfficerJsonNamesTheDirectChannel() throws Exception {
    String id = cli.ok(LUCIA, "dm", JAVIER).out().strip();

    JsonNode json = JSON.readTree(cli.ok(LUCIA, "--json", "send", JAVIER, "hola").out());

    assertThat(json.get("channelId").asText()).isEqualTo(id);
    assertThat(json.get("channel").asText()).isEqualTo(JAVIER);
    assertThat(json.get("seq").asLong()).isPositive();
    assertThat(json.get("messageId").asText()).isNotBlank();
    assertThat(json.get("duplicate").asBoolean()).isFalse();
    assertThat(cli.ok(JAVIER, "history", LUCIA).lines())
        .anyMatch(line -> line.startsWith("[" + LUCIA + " #" + json.get("seq").asLong() + " ")
            && line.endsWith("] " + BANNER + LUCIA + " (es-cnp, ES): hola"));
  }

  @Test
  void aChannelIdThatIsNotOneOfMineGetsTheServersNotFound() {
    String theirs = cli.ok(CLAIRE, "channel", "create", "private-room", "--member", HUGO).out()
        .strip();
    String nobodys = "c-aaaaaaaaaaaa";

    Run intruder = cli.liaison(KARIM, "send", theirs, "let me in");
    Run unknown = cli.liaison(KARIM, "send", nobodys, "anyone?");

    assertThat(intruder.exitCode()).isEqualTo(1);
    assertThat(intruder.err().strip())
        .isEqualTo("error: NOT_FOUND: no channel " + theirs + " that you are a member of");
    assertThat(intruder.out()).isEmpty();
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .isEqualTo("error: NOT_FOUND: no channel " + nobodys + " that you are a member of");
    assertThat(cli.ok(CLAIRE, "history", "private-room").out()).doesNotContain("let me in");
  }

  @Test
  void aNameThatIsNoChannelIsReportedAsSuch() {
    Run run = cli.liaison(CLAIRE, "send", "ops-gate-5", "hello");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("error: no channel named ops-gate-5");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void channelListShowsMemberCountRoleAndLastSequenceNumber() {
    String id = cli.ok(CLAIRE, "channel", "create", "list-check", "--member", HUGO,
        "--member", KARIM).out().strip();
    long seq = cli.send(CLAIRE, "list-check", "count us");

    Run list = cli.ok(CLAIRE, "channel", "list");

    assertThat(list.lines()).anySatisfy(line -> assertThat(line).matches(Pattern.quote(id)
        + " +group +list-check +3 members +supervisor +last #" + seq));
  }
}
