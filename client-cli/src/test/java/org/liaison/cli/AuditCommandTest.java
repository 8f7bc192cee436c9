package org.liaison.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.RedactedEntry;
import org.liaison.client.audit.AuditExport;
import org.liaison.client.audit.AuditExportFormat;
import org.liaison.client.audit.AuditFilter;
import org.liaison.client.audit.ExportHeader;
import org.liaison.client.audit.TestAuditLog;
import org.liaison.testing.TestPki;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code liaison audit} without a server: help texts, the usage errors caught before connecting
 * (the profile points at a closed port, so a verb that connected would exit with 3), and the
 * offline {@code verify --export}. The verbs against the real server are tested in the {@code it}
 * module ({@code AuditCliTest}).
 */
class AuditCommandTest {

    private static TestPki pki;
    private static TestPki.Issued signer;
    private static TestAuditLog log;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void aSignedLog() {
        pki = TestPki.create();
        signer = pki.issueAudit();
        log = TestAuditLog.sample(signer);
    }

    private int run(String... args) {
        return LiaisonCommand.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private Path profileAtClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return pki.writeProfile(dir.resolve("profile"), "127.0.0.1:" + port, "pw");
    }

    private Path export(AuditExportFormat format, String name) throws IOException {
        List<ChainedEntry> rows = new ArrayList<>();
        for (AuditEntry entry : log.entries()) {
            rows.add(entry.channel().equals(TestAuditLog.CHANNEL) ? entry : RedactedEntry.of(entry));
        }
        AuditExport export = new AuditExport(new ExportHeader("ma-dgsn.nadia.elamrani", Instant.now(),
                "127.0.0.1:7443", new AuditFilter(TestAuditLog.CHANNEL, "", "", 0, 0),
                List.of(signer.certificate(), pki.operatorCa())), rows, log.checkpoint(12));
        Path file = dir.resolve(name);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            format.write(export, writer);
        }
        return file;
    }

    @Test
    void everyAuditVerbOptionHasAHelpText() {
        CommandLine audit = new CommandLine(new LiaisonCommand(Map.of())).getSubcommands().get("audit");

        assertThat(audit.getSubcommands()).containsOnlyKeys("query", "export", "verify", "checkpoint", "read");
        for (CommandLine verb : audit.getSubcommands().values()) {
            assertThat(verb.getCommandSpec().usageMessage().description()).as(verb.getCommandName()).isNotEmpty();
            for (ArgSpec arg : verb.getCommandSpec().args()) {
                assertThat(String.join(" ", arg.description())).as(verb.getCommandName() + " " + arg.paramLabel())
                        .isNotBlank();
            }
        }
    }

    @Test
    void auditWithoutAVerbIsAUsageError() {
        assertThat(run("audit")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("Missing command", "query", "checkpoint");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "query --limit 0                           | --limit must be 1-1000",
        "query --limit 1001                        | --limit must be 1-1000",
        "query --after-seq -1                      | --after-seq",
        "query --channel general                   | --channel must be a channel id",
        "query --action Message                    | --action must be",
        "query --since yesterday                   | --since",
        "query --since 2026-07-14 --until 2026-07-13 | --until must be after --since",
        "export --output x.jsonl --format xml      | --format must be jsonl or csv",
        "export                                    | --output",
        "verify --server-ca ca.pem                 | --server-ca goes with --export",
        "verify --export missing.jsonl             | no export file"})
    void usageErrorsAreFoundBeforeConnecting(String args, String message) throws IOException {
        Path profile = profileAtClosedPort();
        List<String> all = new ArrayList<>(List.of("--profile", profile.toString(), "audit"));
        all.addAll(List.of(args.strip().split(" +")));

        assertThat(run(all.toArray(String[]::new))).as(err.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void exportRefusesToReplaceAFileUnlessForced() throws IOException {
        Path profile = profileAtClosedPort();
        Path existing = Files.writeString(dir.resolve("kept.jsonl"), "precious\n");

        assertThat(run("--profile", profile.toString(), "audit", "export", "--output", existing.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("exists", "--force");
        assertThat(Files.readString(existing)).isEqualTo("precious\n");
        assertThat(run("--profile", profile.toString(), "audit", "export", "--output", existing.toString(),
                "--force")).as("connects once forced").isEqualTo(ExitCodes.CANNOT_CONNECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"export.jsonl", "export.csv"})
    void verifyExportChecksAFileOfflineAndSaysWhatItHolds(String name) throws IOException {
        Path profile = profileAtClosedPort();
        Path file = export(AuditExportFormat.forFileName(Path.of(name)), name);

        assertThat(run("--profile", profile.toString(), "audit", "verify", "--export", file.toString()))
                .as(err.toString()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(out.toString()).startsWith("OK: " + file + " verifies: 12 entries (6 whole, 6 redacted) up to the"
                + " checkpoint at 12").contains("CN=liaison-audit", "exported by ma-dgsn.nadia.elamrani",
                "filters --channel " + TestAuditLog.CHANNEL, "the header is not signed");
    }

    @Test
    void verifyExportPrintsOneFailLinePerSeqAndExitsOne() throws IOException {
        Path profile = profileAtClosedPort();
        Path file = export(AuditExportFormat.JSONL, "export.jsonl");
        Files.writeString(file, Files.readString(file).replace("recipient_devices=2", "recipient_devices=1"));

        assertThat(run("--profile", profile.toString(), "audit", "verify", "--export", file.toString()))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(out.toString().lines().toList()).containsExactly(
                "FAIL 5 EDITED: its fields do not hash to its entry_hash "
                        + AuditViews.hex(log.entry(5).entryHash()).substring(0, 16),
                "FAILED: 1 failure in 12 entries");
    }

    @Test
    void verifyExportJsonSaysOkAndTheFailures() throws IOException {
        Path profile = profileAtClosedPort();
        Path file = export(AuditExportFormat.CSV, "export.csv");
        Files.writeString(file, Files.readString(file).replace("kind=group", "kind=direct"));

        assertThat(run("--profile", profile.toString(), "--json", "audit", "verify", "--export", file.toString()))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(out.toString()).contains("\"ok\":false", "\"whole\":6", "\"redacted\":6",
                "{\"seq\":3,\"reason\":\"EDITED\"");
    }

    @Test
    void anExportSignedUnderAnotherOperatorIsRefused() throws IOException {
        Path file = export(AuditExportFormat.JSONL, "export.jsonl");
        Path otherCa = Files.writeString(dir.resolve("other-ca.pem"), TestPki.pem(TestPki.create().operatorCa()));

        assertThat(run("audit", "verify", "--export", file.toString(), "--server-ca", otherCa.toString()))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).startsWith("error: the audit certificate").contains("does not chain");
    }

    @Test
    void aFileThatIsNoExportIsRefusedNamingTheLine() throws IOException {
        Path profile = profileAtClosedPort();
        Path file = Files.writeString(dir.resolve("notes.jsonl"), "{\"type\":\"export\",\"format\":\"v0\"}\n");

        assertThat(run("--profile", profile.toString(), "audit", "verify", "--export", file.toString()))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("error: line 1: format \"v0\" is not liaison-audit-export-v1");
    }
}
