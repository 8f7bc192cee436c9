package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.cli.LiaisonCommand;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.MemberAdded;
import org.liaison.proto.v1.MemberRole;

/**
 * Channels and messaging through the {@code liaison} CLI against the real server, run in-process
 * as a user would run it: create, membership, send, listen (exactly once), history, direct
 * channels, read receipts, and the refusals.
 */
class CliMessagingTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";
  private static final String HUGO = "fr-pn.hugo.lefevre";
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String NADIA = "ma-dgsn.nadia.elamrani";
  private static final String LUCIA = "es-cnp.lucia.garcia";
  private static final String JAVIER = "es-cnp.javier.ruiz";
  private static final List<String> OFFICERS = List.of(CLAIRE, HUGO, KARIM, NADIA, LUCIA, JAVIER);

  private static final String ARABIC = "اجتماع عند البوابة ٤";
  private static final String FRENCH = "Réunion à la porte 4 à 14 h, équipe cynophile";
  /** The banner of a message with the channel's default markings (docs/markings.md). */
  private static final String BANNER = "[UNCLASSIFIED // REL ALL] ";
  private static final Pattern SENT = Pattern.compile("sent #(\\d+) (?:\\[[^]]+\\] )?to (.+)");
  private static final String TIME = "\\d\\d:\\d\\d:\\d\\d";

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** Runs {@code liaison --profile <officer> --server <this server> args...}. */
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

  /** Sends and returns the sequence number the server gave the message. */
  private static long send(String officer, String channel, String... words) {
    List<String> args = new ArrayList<>(List.of("send", channel));
    args.addAll(List.of(words));
    Run run = ok(officer, args.toArray(String[]::new));
    Matcher sent = SENT.matcher(run.out().strip());
    assertThat(sent.matches()).as(run.out()).isTrue();
    return Long.parseLong(sent.group(1));
  }

  @BeforeAll
  static void everyOfficerHasConnectedOnce() {
    // A supervisor can add only officers the server has seen.
    for (String officer : OFFICERS) {
      ok(officer, "whoami");
    }
  }

  @Test
  void memberListensToMessagesAndMembershipInOrderExactlyOnce() throws Exception {
    String channelId = ok(CLAIRE, "channel", "create", "ops-gate-4", "--purpose", "Gate 4 sweep",
        "--member", HUGO).out().strip();
    assertThat(channelId).isNotBlank().doesNotContain(" ");
    assertThat(ok(CLAIRE, "channel", "add", "ops-gate-4", KARIM).out())
        .startsWith("added " + KARIM + " to ops-gate-4 (#");
    long arabic = send(CLAIRE, "ops-gate-4", ARABIC);
    long french = send(CLAIRE, channelId, FRENCH.split(" "));
    assertThat(french).isGreaterThan(arabic);
    assertThat(ok(KARIM, "channel", "members", "ops-gate-4").out())
        .contains(CLAIRE, HUGO, KARIM, "supervisor");

    Run listen = ok(KARIM, "listen", "--once");

    List<String> lines = listen.lines();
    assertThat(lines).anyMatch(line ->
        line.matches("\\[ops-gate-4 #\\d+ " + TIME + "] " + CLAIRE + " added " + KARIM));
    // Each message shows its sender's identity as their verified keys prove it.
    String fromClaire = "] " + BANNER + CLAIRE + " (fr-pn, FR): ";
    int arabicLine = indexOf(lines, "[ops-gate-4 #" + arabic + " ", fromClaire + ARABIC);
    int frenchLine = indexOf(lines, "[ops-gate-4 #" + french + " ", fromClaire + FRENCH);
    assertThat(arabicLine).isNotNegative().isLessThan(frenchLine);

    Run again = ok(KARIM, "listen", "--once");
    assertThat(again.out()).as("acknowledged events are not delivered again").isEmpty();

    List<JsonNode> hugoSees = new ArrayList<>();
    for (String line : ok(HUGO, "--json", "listen", "--once").lines()) {
      JsonNode event = new ObjectMapper().readTree(line);
      if (event.get("channelId").asText().equals(channelId)) {
        hugoSees.add(event);
      }
    }
    assertThat(hugoSees).filteredOn(event -> event.get("type").asText().equals("message"))
        .extracting(event -> event.get("text").asText())
        .containsExactly(ARABIC, FRENCH);
    assertThat(hugoSees)
        .allSatisfy(event -> assertThat(event.get("verified").asBoolean()).isTrue());
    assertThat(hugoSees).filteredOn(event -> event.get("type").asText().equals("message"))
        .allSatisfy(event -> {
          assertThat(event.get("senderAgency").asText()).isEqualTo("fr-pn");
          assertThat(event.get("senderNation").asText()).isEqualTo("FR");
        });
    assertThat(hugoSees).anyMatch(event -> event.get("type").asText().equals("member_added")
        && event.get("officer").asText().equals(KARIM));
    assertThat(hugoSees).extracting(event -> event.get("seq").asLong()).isSorted();
  }

  @Test
  void historyPagesBackOldestFirst() throws Exception {
    ok(CLAIRE, "channel", "create", "history-drill");
    List<Long> seqs = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      seqs.add(send(CLAIRE, "history-drill", "m" + i));
    }

    Run latest = ok(CLAIRE, "history", "history-drill", "--limit", "2");
    Run older = ok(CLAIRE, "history", "history-drill", "--before", seqs.get(3).toString(),
        "--limit", "2");

    assertThat(latest.lines()).hasSize(3);
    assertThat(latest.lines().get(0)).matches("\\[history-drill #" + seqs.get(3) + " " + TIME + "] "
        + Pattern.quote(BANNER + CLAIRE + " (fr-pn, FR): m4"));
    assertThat(latest.lines().get(1)).endsWith("] " + BANNER + CLAIRE + " (fr-pn, FR): m5");
    assertThat(latest.lines().get(2))
        .isEqualTo("(older events: liaison history history-drill --before " + seqs.get(3) + ")");
    assertThat(older.lines().subList(0, 2)).satisfiesExactly(
        line -> assertThat(line).startsWith("[history-drill #" + seqs.get(1) + " ").endsWith(": m2"),
        line -> assertThat(line).startsWith("[history-drill #" + seqs.get(2) + " ").endsWith(": m3"));

    JsonNode page = new ObjectMapper().readTree(
        ok(CLAIRE, "--json", "history", "history-drill", "--limit", "2").out());
    assertThat(page.get("more").asBoolean()).isTrue();
    assertThat(page.get("events")).extracting(event -> event.get("text").asText())
        .containsExactly("m4", "m5");
  }

  @Test
  void listenAndHistoryShowEachSendersVerifiedIdentityAndMarkWhatWasTamperedWith()
      throws Exception {
    String channelId = ok(CLAIRE, "channel", "create", "tamper-watch", "--member", NADIA).out()
        .strip();
    long genuine = send(CLAIRE, "tamper-watch", ARABIC);
    long altered = send(CLAIRE, "tamper-watch", "the", "gate", "code", "is", "4471");
    ChannelEvent injected;
    // The server's operator flips a byte of the second message's ciphertext and adds a member
    // event no supervisor signed.
    try (ServerDatabase db = ServerDatabase.of(server)) {
      db.rewriteEvent(channelId, altered, Forgery::flipBodyByte);
      injected = db.appendEvent(channelId, ChannelEvent.newBuilder().setActor(CLAIRE)
          .setMemberAdded(MemberAdded.newBuilder().setOfficerId(JAVIER)
              .setRole(MemberRole.MEMBER_ROLE_MEMBER)));
    }

    Run listen = ok(NADIA, "listen", "--once");
    Run history = ok(NADIA, "history", "tamper-watch");

    for (Run run : List.of(listen, history)) {
      List<String> lines = run.lines().stream().filter(line -> line.startsWith("[tamper-watch #"))
          .toList();
      assertThat(lines).anyMatch(line -> line.matches("\\[tamper-watch #" + genuine + " " + TIME
          + "] " + Pattern.quote(BANNER + CLAIRE + " (fr-pn, FR): " + ARABIC)));
      assertThat(lines).anyMatch(line -> line.matches("\\[tamper-watch #" + altered + " " + TIME
          + "] " + Pattern.quote("!! REJECTED message claiming to be from " + CLAIRE
              + ": envelope refused (ciphertext altered): the ciphertext of message '") + ".*"
          + Pattern.quote("' was altered after " + CLAIRE + "/") + ".* signed it"));
      assertThat(lines).anyMatch(line -> line.matches("\\[tamper-watch #" + injected.getSeq() + " "
          + TIME + "] " + Pattern.quote("!! REJECTED " + CLAIRE + " added " + JAVIER
              + ": unsigned membership change: ") + ".*carries no signed statement"));
      assertThat(run.out()).doesNotContain("4471");
      // Every other event of the channel verified.
      assertThat(lines).filteredOn(line -> line.contains("!! REJECTED")).hasSize(2);
    }
    JsonNode page =
        new ObjectMapper().readTree(ok(NADIA, "--json", "history", "tamper-watch").out());
    List<JsonNode> events = new ArrayList<>();
    page.get("events").forEach(events::add);
    assertThat(events).filteredOn(event -> event.get("seq").asLong() == genuine).singleElement()
        .satisfies(event -> {
          assertThat(event.get("verified").asBoolean()).isTrue();
          assertThat(event.get("senderAgency").asText()).isEqualTo("fr-pn");
          assertThat(event.get("senderNation").asText()).isEqualTo("FR");
          assertThat(event.get("text").asText()).isEqualTo(ARABIC);
        });
    assertThat(events).filteredOn(event -> event.get("seq").asLong() == altered).singleElement()
        .satisfies(event -> {
          assertThat(event.get("verified").asBoolean()).isFalse();
          assertThat(event.get("problem").asText())
              .startsWith("envelope refused (ciphertext altered): ");
          assertThat(event.has("text")).isFalse();
        });
  }

  @Test
  void officerWithoutTheSupervisorRoleCannotCreateAChannel() {
    Run run = liaison(HUGO, "channel", "create", "my-own-channel");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("error: PERMISSION_DENIED: ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void nonMemberCannotSendToAChannel() {
    String channelId = ok(CLAIRE, "channel", "create", "closed-circle", "--member", HUGO)
        .out().strip();

    Run run = liaison(JAVIER, "send", channelId, "let me in");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).matches("(?s)error: (PERMISSION_DENIED|NOT_FOUND): .*");
    assertThat(liaison(JAVIER, "history", channelId).exitCode()).isEqualTo(1);
  }

  @Test
  void directChannelIsOpenedOnceAndNamedByTheOtherOfficer() {
    String opened = ok(LUCIA, "dm", JAVIER).out().strip();
    assertThat(ok(LUCIA, "dm", JAVIER).out().strip()).isEqualTo(opened);
    assertThat(ok(JAVIER, "dm", LUCIA).out().strip()).isEqualTo(opened);

    long seq = send(LUCIA, JAVIER, "¿Listos", "para", "la", "puerta", "4?");
    assertThat(ok(LUCIA, "send", opened, "Vamos").out().strip()).startsWith("sent #")
        .matches("sent #\\d+ \\[UNCLASSIFIED // REL ALL\\] to " + Pattern.quote(JAVIER)
            + " \\(encrypted for \\d+ devices\\)");

    Run history = ok(JAVIER, "history", LUCIA);
    assertThat(history.lines()).anyMatch(line ->
        line.matches("\\[" + Pattern.quote(LUCIA) + " #" + seq + " " + TIME + "] "
            + Pattern.quote(BANNER + LUCIA + " (es-cnp, ES): ¿Listos para la puerta 4?")));
    assertThat(ok(JAVIER, "channel", "list").out()).contains(opened, "direct", LUCIA);
  }

  @Test
  void markedSendsTellWhoWillNotReceiveAndCreationWarnsAboutMembersWhoMayNotSee() {
    Run create = ok(CLAIRE, "channel", "create", "marked-ops", "--ceiling", "SECRET",
        "--default-markings", "RESTRICTED/FR,MA/ROUTINE", "--member", KARIM, "--member", JAVIER);
    assertThat(create.err()).contains("warning: " + JAVIER + " (ES, cleared RESTRICTED")
        .doesNotContain("warning: " + KARIM);

    Run sent = ok(CLAIRE, "send", "marked-ops", "--class", "CONFIDENTIAL", "--rel", "FR,MA",
        "--precedence", "FLASH", "plate AB-123");
    assertThat(sent.out()).startsWith("sent #").contains("[CONFIDENTIAL // REL FR, MA // FLASH] to marked-ops");
    assertThat(sent.err()).contains("not releasable: " + JAVIER).contains("nation not releasable");

    Run above = liaison(CLAIRE, "send", "marked-ops", "--class", "SECRET", "--rel", "ES", "for Spain only");
    assertThat(above.exitCode()).isEqualTo(1);
    assertThat(above.err()).contains("NOT_RELEASABLE");
  }

  @Test
  void statusShowsTheReadReceiptAfterRead() {
    ok(CLAIRE, "channel", "create", "receipts", "--member", NADIA);
    long seq = send(CLAIRE, "receipts", "Please confirm");

    Run read = ok(NADIA, "read", "receipts", Long.toString(seq));
    Run status = ok(CLAIRE, "status", "receipts", Long.toString(seq));

    assertThat(read.out()).contains("read up to #" + seq);
    assertThat(status.lines().get(0)).isEqualTo("delivered to 1 of 1, read by 1");
    assertThat(status.out()).containsPattern(Pattern.quote(NADIA) + "\\s+read");
  }

  @Test
  void supervisorManagesMembersAndArchives() {
    ok(LUCIA, "channel", "create", "equipo-cinófilo", "--member", HUGO);

    Run notSupervisor = liaison(HUGO, "channel", "add", "equipo-cinófilo", JAVIER);
    assertThat(notSupervisor.exitCode()).isEqualTo(1);
    assertThat(notSupervisor.err()).startsWith("error: PERMISSION_DENIED: ");

    assertThat(ok(LUCIA, "channel", "promote", "equipo-cinófilo", HUGO).out())
        .startsWith("promoted " + HUGO + " to supervisor of equipo-cinófilo (#");
    assertThat(ok(LUCIA, "channel", "remove", "equipo-cinófilo", HUGO).out())
        .startsWith("removed " + HUGO + " from equipo-cinófilo (#");
    Run again = liaison(LUCIA, "channel", "remove", "equipo-cinófilo", HUGO);
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).startsWith("error: CONFLICT: ");

    assertThat(ok(LUCIA, "channel", "archive", "equipo-cinófilo").out())
        .startsWith("archived equipo-cinófilo (#");
    Run archived = liaison(LUCIA, "send", "equipo-cinófilo", "hola");
    assertThat(archived.exitCode()).isEqualTo(1);
    assertThat(archived.err()).startsWith("error: CHANNEL_ARCHIVED: ");
    assertThat(ok(LUCIA, "channel", "list").out()).doesNotContain("equipo-cinófilo");
    assertThat(ok(LUCIA, "channel", "list", "--archived").out())
        .contains("equipo-cinófilo", "(archived)");
  }

  private static int indexOf(List<String> lines, String prefix, String suffix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix) && lines.get(i).endsWith(suffix)) {
        return i;
      }
    }
    throw new AssertionError("no line " + prefix + "…" + suffix + " in:\n" + String.join("\n", lines));
  }
}
