package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.cli.LiaisonCommand;
import org.liaison.client.TaskView;
import org.liaison.proto.v1.TaskPriority;

/**
 * Promise 1, checked the way an attacker who took the server would check it: members exchange
 * messages carrying unique Latin and Arabic markers, through the client library and through the
 * {@code liaison} CLI, and read them back exactly; then the server is stopped (its database
 * closed, so everything is in its files) and every byte of every file in its data directory, and
 * everything it logged, is searched for the markers in UTF-8, UTF-16LE and UTF-16BE. Nothing is
 * found; the same search finds what the server does store in clear (the channel's name, in Latin
 * and Arabic, and officer ids), so the search itself works.
 */
class NoPlaintextTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";   // supervisor, library
  private static final String HUGO = "fr-pn.hugo.lefevre";      // library
  private static final String KARIM = "ma-dgsn.karim.benali";   // CLI
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run cli(String officer, String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--profile", server.pki().profile(officer).toString(),
        "--server", LiaisonServerExtension.HOST + ":" + server.port()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    assertThat(code).as("liaison %s %s: %s", officer, String.join(" ", args), err).isZero();
    return new Run(code, out.toString(), err.toString());
  }

  private static String digits(int count) {
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < count; i++) {
      digits.append(RANDOM.nextInt(10));
    }
    return digits.toString();
  }

  @Test
  void markersSentByLibraryAndCliAreReadBackExactlyAndAreNowhereOnTheServersDiskOrInItsLogs()
      throws Exception {
    String latinUuid = UUID.randomUUID().toString();
    String latin = "LIAISON-MARKER-" + latinUuid;
    String arabic = "علامة-سرية-" + digits(12);
    String cliLatinUuid = UUID.randomUUID().toString();
    String cliLatin = "LIAISON-MARKER-" + cliLatinUuid;
    String cliArabic = "علامة-سرية-" + digits(12);
    String mixed = "porte 4 — " + latin + " — " + arabic;
    String taskTitle = "LIAISON-TASK-" + UUID.randomUUID();
    String taskDescription = "مهمة-سرية-" + digits(12);
    String taskNote = "LIAISON-NOTE-" + UUID.randomUUID();
    // Stored in clear by design (channel names are metadata): the control of the search.
    String latinName = "np-" + HexFormat.of().formatHex(RANDOM.generateSeed(4));
    String arabicName = "قناة-" + digits(8);

    // Karim's CLI device publishes its keys on first use, before anything is sealed for it.
    cli(KARIM, "whoami");
    String channelId;
    try (Participant claire = Participant.connect(server, CLAIRE).sync();
        Participant hugo = Participant.connect(server, HUGO).sync()) {
      channelId = claire.channels().create(latinName + " " + arabicName, "", List.of(HUGO, KARIM))
          .get(30, TimeUnit.SECONDS).getChannelId();
      claire.send(channelId, latin);
      claire.send(channelId, arabic);
      claire.send(channelId, mixed);
      assertThat(cli(KARIM, "send", channelId, cliArabic).out()).startsWith("sent #");
      assertThat(cli(KARIM, "send", channelId, cliLatin).out()).startsWith("sent #");

      // Every member reads every message exactly as it was written.
      List<String> all = List.of(latin, arabic, mixed, cliArabic, cliLatin);
      hugo.awaitMessages(channelId, all.size());
      assertThat(hugo.texts(channelId)).containsExactlyElementsOf(all);
      claire.awaitMessages(channelId, all.size());
      assertThat(claire.texts(channelId)).containsExactlyElementsOf(all);
      String fromClaire = "] " + CLAIRE + " (fr-pn, FR): ";
      String fromKarim = "] " + KARIM + " (ma-dgsn, MA): ";
      List<String> expectedLines = List.of(fromClaire + latin, fromClaire + arabic,
          fromClaire + mixed, fromKarim + cliArabic, fromKarim + cliLatin);
      List<String> listened = cli(KARIM, "listen", "--once").lines();
      List<String> history = cli(KARIM, "history", channelId).lines();
      for (List<String> lines : List.of(listened, history)) {
        assertThat(lines.stream().filter(line -> line.contains("): ")))
            .hasSize(expectedLines.size())
            .zipSatisfy(expectedLines, (line, end) -> assertThat(line).endsWith(end));
      }
      JsonNode page = new ObjectMapper().readTree(cli(KARIM, "--json", "history", channelId).out());
      List<String> texts = new ArrayList<>();
      page.get("events").forEach(event -> {
        if (event.get("type").asText().equals("message")) {
          texts.add(event.get("text").asText());
        }
      });
      assertThat(texts).containsExactlyElementsOf(all);

      // Task bodies are sealed like messages: the assignee reads them, the server does not.
      String taskId = claire.tasks().create(channelId, taskTitle, taskDescription, HUGO,
          TaskPriority.TASK_PRIORITY_HIGH, Optional.empty(), Optional.empty())
          .get(30, TimeUnit.SECONDS).getTaskId();
      hugo.tasks().note(taskId, taskNote).get(30, TimeUnit.SECONDS);
      TaskView task = hugo.tasks().get(taskId).get(30, TimeUnit.SECONDS);
      assertThat(task.isVerified()).isTrue();
      assertThat(task.title()).contains(taskTitle);
      assertThat(task.description()).contains(taskDescription);
    }

    List<String> secrets = List.of(latin, arabic, cliLatin, cliArabic, latinUuid, cliLatinUuid,
        taskTitle, taskDescription, taskNote);
    server.stop();
    try {
      List<Path> files = ByteScan.files(server.dataDir());
      Path database = server.dataDir().resolve("liaison.mv.db");
      assertThat(files).contains(database);
      assertThat(Files.size(database)).isPositive();

      assertThat(ByteScan.scanFiles(server.dataDir(), secrets)).as("secrets on the server's disk")
          .isEmpty();
      List<String> logged = server.logs().lines();
      assertThat(logged).as("the server logged while the messages went through")
          .anyMatch(line -> line.contains("greeted"));
      String log = String.join("\n", logged);
      assertThat(secrets).noneMatch(log::contains);
      assertThat(ByteScan.scan("the server's log", log.getBytes(StandardCharsets.UTF_8), secrets))
          .isEmpty();

      // The same search finds what the server keeps in clear, in the same file.
      List<ByteScan.Hit> control = ByteScan.scanFiles(server.dataDir(),
          List.of(latinName, arabicName, KARIM, channelId));
      for (String stored : List.of(latinName, arabicName, KARIM, channelId)) {
        assertThat(control).as("control: %s is stored in clear", stored)
            .anyMatch(hit -> hit.needle().equals(stored) && hit.where().equals(database.toString())
                && hit.encoding().equals(StandardCharsets.UTF_8));
      }
    } finally {
      server.start();
    }
  }
}
