package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditHashes;
import org.liaison.cli.LiaisonCommand;

/**
 * {@code liaison audit} against the real server, run in-process as an auditor would run it: who
 * may ask, what a query shows, exports that verify alone, kept checkpoints, and a server operator
 * who rewrites or cuts the log on disk and deletes the checkpoints: the checkpoint the auditor kept
 * catches it at its seq.
 *
 * <p>The last tests change the database; they run last ({@link Order}). Each scenario uses its own
 * copy of the auditor's profile, so kept checkpoints do not leak between them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditCliTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private static final String CLAIRE = "fr-pn.claire.martin";   // supervisor, not an auditor
  private static final String KARIM = "ma-dgsn.karim.benali";
  private static final String NADIA = "ma-dgsn.nadia.elamrani"; // auditor
  private static final List<String> PROFILE_FILES = List.of("liaison.properties", "identity.p12",
      "identity.pass", "server-ca.pem", "agency-cas.pem");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger COPIES = new AtomicInteger();

  @TempDir
  static Path dir;

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  private static String address() {
    return LiaisonServerExtension.HOST + ":" + server.port();
  }

  /** Runs {@code liaison --profile <profile> --server <this server> args...}. */
  private static Run liaison(Path profile, String... args) {
    List<String> all = new ArrayList<>(List.of("--profile", profile.toString(), "--server", address()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static Run ok(Path profile, String... args) {
    Run run = liaison(profile, args);
    assertThat(run.exitCode()).as("liaison %s: %s%s", String.join(" ", args), run.out(), run.err())
        .isZero();
    return run;
  }

  private static Path profileOf(String officer) {
    return server.pki().profile(officer);
  }

  /**
   * A fresh copy of Nadia's profile (identity and CAs only) as another device: nothing kept yet.
   */
  private static Path nadiaDevice() throws IOException {
    int n = COPIES.incrementAndGet();
    Path copy = Files.createDirectories(dir.resolve("nadia-" + n));
    for (String name : PROFILE_FILES) {
      Path file = profileOf(NADIA).resolve(name);
      if (Files.exists(file)) {
        Files.copy(file, copy.resolve(name));
      }
    }
    Files.writeString(copy.resolve("device-id"), "audit-it-" + n + "\n");
    return copy;
  }

  /** Stops and starts the server: stopping signs a checkpoint covering everything so far. */
  private static void checkpointByRestart() throws Exception {
    server.stop();
    server.start();
  }

  /** The seq of the checkpoint {@code audit checkpoint} kept. */
  private static long keepCheckpoint(Path nadia) throws IOException {
    Run run = ok(nadia, "--json", "audit", "checkpoint");
    assertThat(run.json().path("ok").asBoolean()).isTrue();
    return run.json().path("checkpoint").path("seq").asLong();
  }

  @BeforeAll
  static void officersHaveConnectedOnce() {
    // A supervisor can add only officers the server has seen.
    for (String officer : List.of(CLAIRE, KARIM, NADIA)) {
      ok(profileOf(officer), "whoami");
    }
  }

  @Test
  @Order(1)
  void aNonAuditorIsRefusedAndTheAuditorSeesTheRefusal() throws Exception {
    Run refused = liaison(profileOf(CLAIRE), "audit", "query");
    Run refusedCheckpoint = liaison(profileOf(CLAIRE), "audit", "checkpoint");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).startsWith("error: PERMISSION_DENIED: ");
    assertThat(refused.out()).isEmpty();
    assertThat(refusedCheckpoint.exitCode()).isEqualTo(1);
    assertThat(refusedCheckpoint.err()).startsWith("error: PERMISSION_DENIED: ");

    Path nadia = nadiaDevice();
    Run query = ok(nadia, "audit", "query", "--officer", CLAIRE, "--action", "audit.");
    assertThat(query.lines().get(0)).startsWith("   SEQ  TIME (UTC)");
    assertThat(query.lines().subList(1, query.lines().size())).hasSize(2)
        .allSatisfy(line -> assertThat(line).matches(
            " *\\d+  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  " + CLAIRE
                + " +audit\\.denied +- +- +.*reason=not an auditor.*"))
        .anySatisfy(line -> assertThat(line).contains("request=audit_query"))
        .anySatisfy(line -> assertThat(line).contains("request=get_checkpoints"));

    JsonNode page = ok(nadia, "--json", "audit", "query", "--officer", CLAIRE, "--action",
        "audit.denied").json();
    assertThat(page.path("entries")).hasSize(2);
    assertThat(page.path("entries").get(0).path("actor").asText()).isEqualTo(CLAIRE);
    assertThat(page.path("entries").get(0).path("details").asText())
        .contains("request=audit_query");
    assertThat(page.path("entries").get(0).path("entryHash").asText()).matches("[0-9a-f]{64}");
    assertThat(page.path("more").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  void aChannelQueryListsThatChannelsEventsAndPagesOn() throws Exception {
    String channel = ok(profileOf(CLAIRE), "channel", "create", "audited-room", "--member", KARIM)
        .out().strip();
    ok(profileOf(CLAIRE), "send", channel, "first");
    ok(profileOf(KARIM), "send", channel, "second");
    Path nadia = nadiaDevice();

    Run all = ok(nadia, "audit", "query", "--channel", channel);
    JsonNode json = ok(nadia, "--json", "audit", "query", "--channel", channel).json();
    Run firstPage = ok(nadia, "audit", "query", "--channel", channel, "--limit", "2");

    List<String> actions = new ArrayList<>();
    json.path("entries").forEach(entry -> {
      assertThat(entry.path("channel").asText()).isEqualTo(channel);
      actions.add(entry.path("action").asText());
    });
    assertThat(actions).startsWith("channel.created").contains("member.added", "message.stored")
        .filteredOn("message.stored"::equals).hasSize(2);
    assertThat(all.lines()).anySatisfy(line -> assertThat(line)
        .matches(" *\\d+  .*  " + CLAIRE + " +channel\\.created +" + channel + " .*"));
    assertThat(all.lines()).filteredOn(line -> line.contains(" message.stored ")).hasSize(2);
    long secondSeq = json.path("entries").get(1).path("seq").asLong();
    assertThat(firstPage.lines()).last().asString().isEqualTo("(more: liaison audit query --channel "
        + channel + " --limit 2 --after-seq " + secondSeq + ")");
  }

  @Test
  @Order(3)
  void exportsVerifyAloneAndAChangedLineFailsAtItsSeq() throws Exception {
    String channel = ok(profileOf(CLAIRE), "channel", "create", "exported-room", "--member", KARIM)
        .out().strip();
    ok(profileOf(CLAIRE), "send", channel, "for the record");
    checkpointByRestart();
    ok(profileOf(KARIM), "send", channel, "after the checkpoint");
    Path nadia = nadiaDevice();
    Path jsonl = dir.resolve("channel.jsonl");
    Path csv = dir.resolve("channel.csv");

    Run exported = ok(nadia, "audit", "export", "--output", jsonl.toString(), "--channel", channel);
    ok(nadia, "audit", "export", "--output", csv.toString(), "--channel", channel);

    assertThat(exported.out()).startsWith("exported entries 1-").contains(" whole, ", " redacted")
        .contains("not exported: entries ");
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      records.add(JSON.readTree(line));
    }
    assertThat(records.get(0).path("type").asText()).isEqualTo("export");
    assertThat(records.get(0).path("exported_by").asText()).isEqualTo(NADIA);
    assertThat(records.get(0).path("filters").path("channel").asText()).isEqualTo(channel);
    assertThat(records.get(records.size() - 1).path("type").asText()).isEqualTo("checkpoint");
    List<JsonNode> whole = records.stream().filter(r -> r.path("type").asText().equals("entry")).toList();
    assertThat(whole).isNotEmpty().allSatisfy(r -> assertThat(r.path("channel").asText()).isEqualTo(channel));
    assertThat(whole).extracting(r -> r.path("action").asText()).contains("channel.created", "message.stored")
        .doesNotContain("server.started");
    assertThat(records).filteredOn(r -> r.path("type").asText().equals("redacted")).isNotEmpty();
    long checkpointSeq = records.get(records.size() - 1).path("seq").asLong();
    assertThat(records).hasSize((int) checkpointSeq + 2);

    for (Path file : List.of(jsonl, csv)) {
      Run verified = ok(nadia, "audit", "verify", "--export", file.toString());
      assertThat(verified.out()).startsWith("OK: " + file + " verifies: " + checkpointSeq + " entries");
    }

    JsonNode stored = whole.stream().filter(r -> r.path("action").asText().equals("message.stored"))
        .findFirst().orElseThrow();
    long storedSeq = stored.path("seq").asLong();
    String details = stored.path("details").asText();
    String forged = details.replaceFirst("recipient_devices=\\d+", "recipient_devices=9");
    assertThat(forged).isNotEqualTo(details);
    for (Path file : List.of(jsonl, csv)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String original = details.lines().filter(l -> l.startsWith("recipient_devices=")).findFirst()
          .orElseThrow();
      Files.writeString(file, text.replaceFirst(original, "recipient_devices=9"),
          StandardCharsets.UTF_8);

      Run tampered = liaison(nadia, "audit", "verify", "--export", file.toString());

      assertThat(tampered.exitCode()).as(file.toString()).isEqualTo(1);
      assertThat(tampered.lines()).first().asString()
          .startsWith("FAIL " + storedSeq + " EDITED: ");
      assertThat(tampered.lines()).last().asString().startsWith("FAILED: ");
    }
  }

  @Test
  @Order(4)
  void aKeptCheckpointThenVerifyIsOk() throws Exception {
    checkpointByRestart();
    Path nadia = nadiaDevice();

    Run first = ok(nadia, "audit", "checkpoint");
    Run again = ok(nadia, "audit", "checkpoint");
    Run verified = ok(nadia, "audit", "verify");

    assertThat(first.lines().get(0)).matches("checkpoint \\d+ signed .*Z");
    assertThat(first.out()).contains("extends    the start of the log", "kept       yes, in ");
    assertThat(first.lines().get(1)).matches("hash       [0-9a-f]{64}");
    assertThat(again.out()).contains("kept       already");
    assertThat(nadia.resolve("audit/checkpoints.jsonl")).exists();
    assertThat(Files.readAllLines(nadia.resolve("audit/checkpoints.jsonl"))).hasSize(1);
    assertThat(nadia.resolve("audit/audit-certificates.pem")).content()
        .startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(verified.lines().get(0)).matches("OK: \\d+ entries \\(1-\\d+\\), \\d+ checkpoints verified "
        + "\\(\\d+ from the server, 1 kept by this profile\\)");
  }

  @Test
  @Order(10)
  void aRewrittenLogIsCaughtAtTheKeptCheckpointEvenWithoutTheServersCheckpoints() throws Exception {
    checkpointByRestart();
    Path nadia = nadiaDevice();
    long kept = keepCheckpoint(nadia);
    long denied = ok(nadia, "--json", "audit", "query", "--officer", CLAIRE, "--action",
        "audit.denied").json().path("entries").get(0).path("seq").asLong();
    assertThat(denied).isLessThan(kept);

    server.stop();
    try (ServerDatabase db = ServerDatabase.of(server)) {
      // An operator hides Claire's refused attempt: the entry is removed, every later entry
      // renumbered and rehashed so that the chain is consistent, and the checkpoints deleted.
      rewriteWithout(db.connection(), denied);
    }
    server.start();

    Run withoutKept = ok(nadiaDevice(), "audit", "verify");
    Run verify = liaison(nadia, "audit", "verify");
    Run checkpoint = liaison(nadia, "audit", "checkpoint");

    assertThat(withoutKept.out()).as("the server's own view is consistent").startsWith("OK: ")
        .contains("has kept no checkpoint");
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.lines()).contains("note: the server does not list the checkpoint this profile kept at "
        + kept + " (its row was deleted or replaced)");
    assertThat(verify.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("FAIL " + kept + " CHECKPOINT_MISMATCH: "));
    assertThat(checkpoint.exitCode()).isEqualTo(1);
    assertThat(checkpoint.err()).contains("DOES NOT EXTEND THE CHECKPOINT KEPT AT " + kept + ".",
        "Nothing was kept");
    assertThat(Files.readAllLines(nadia.resolve("audit/checkpoints.jsonl"))).hasSize(1);

    checkpointByRestart();
    Run afterNewCheckpoint = liaison(nadia, "audit", "checkpoint");
    assertThat(afterNewCheckpoint.exitCode()).isEqualTo(1);
    assertThat(afterNewCheckpoint.lines()).anySatisfy(line -> assertThat(line)
        .startsWith("FAIL " + kept + " CHECKPOINT_MISMATCH: "));
    assertThat(Files.readAllLines(nadia.resolve("audit/checkpoints.jsonl"))).hasSize(1);
  }

  @Test
  @Order(11)
  void aLogCutBelowTheKeptCheckpointIsReportedAsTruncated() throws Exception {
    checkpointByRestart();
    Path nadia = nadiaDevice();
    long kept = keepCheckpoint(nadia);

    server.stop();
    try (ServerDatabase db = ServerDatabase.of(server); Statement sql = db.connection().createStatement()) {
      sql.executeUpdate("DELETE FROM audit_log WHERE seq > " + (kept - 30));
      sql.executeUpdate("DELETE FROM audit_checkpoints");
    }
    server.start();

    Run verify = liaison(nadia, "audit", "verify");

    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.lines()).anySatisfy(line -> assertThat(line)
        .matches("FAIL \\d+ TRUNCATED: .*a signed checkpoint covers up to " + kept + ": .*"));
    assertThat(verify.lines()).last().asString().startsWith("FAILED: ");
  }

  /**
   * Removes entry {@code seq} and rewrites every later entry one place down, with hashes
   * recomputed so that the chain is consistent, and deletes every checkpoint.
   */
  private static void rewriteWithout(Connection c, long seq) throws SQLException {
    List<AuditEntry> after = new ArrayList<>();
    byte[] prev;
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT seq, time_ms, actor, action, channel_id, target, details, prev_hash, entry_hash
        FROM audit_log WHERE seq >= ? ORDER BY seq""")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          after.add(new AuditEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9)));
        }
      }
    }
    prev = after.get(0).prevHash();
    c.setAutoCommit(false);
    try (Statement sql = c.createStatement();
        PreparedStatement insert = c.prepareStatement("""
            INSERT INTO audit_log (seq, time_ms, actor, action, channel_id, target, details,
              prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
      sql.executeUpdate("DELETE FROM audit_log WHERE seq >= " + seq);
      sql.executeUpdate("DELETE FROM audit_checkpoints");
      for (AuditEntry e : after.subList(1, after.size())) {
        AuditEntry moved = AuditEntry.create(e.seq() - 1, e.timeMs(), e.actor(), e.action(),
            e.channel(), e.target(), e.details(), prev);
        insert.setLong(1, moved.seq());
        insert.setLong(2, moved.timeMs());
        insert.setString(3, moved.actor());
        insert.setString(4, moved.action());
        insert.setString(5, moved.channel());
        insert.setString(6, moved.target());
        insert.setString(7, moved.details());
        insert.setBytes(8, moved.prevHash());
        insert.setBytes(9, moved.entryHash());
        insert.executeUpdate();
        prev = moved.entryHash();
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    assertThat(prev).hasSize(AuditHashes.HASH_BYTES);
  }
}
