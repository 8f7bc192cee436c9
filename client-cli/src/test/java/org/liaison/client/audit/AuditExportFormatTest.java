package org.liaison.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditFailure.Reason;
import org.liaison.audit.ChainedEntry;
import org.liaison.audit.Checkpoint;
import org.liaison.audit.RedactedEntry;
import org.liaison.testing.TestPki;

/**
 * An export written as JSON lines or CSV reads back exactly, verifies on its own against the
 * operator CA, and fails at the right seq when someone edits the file.
 */
class AuditExportFormatTest {

    private static TestPki pki;
    private static TestPki.Issued signer;
    private static TestAuditLog log;
    private static AuditTrust trust;

    @BeforeAll
    static void aSignedLog() {
        pki = TestPki.create();
        signer = pki.issueAudit();
        log = TestAuditLog.sample(signer);
        trust = new AuditTrust(List.of(pki.operatorCa()));
    }

    /** The entries of {@link TestAuditLog#CHANNEL} whole, the others redacted, up to the checkpoint at 12. */
    private static AuditExport channelExport() {
        AuditFilter filter = new AuditFilter(TestAuditLog.CHANNEL, "", "", 0, 0);
        List<ChainedEntry> rows = new ArrayList<>();
        for (AuditEntry entry : log.entries()) {
            rows.add(filter.matches(entry) ? entry : RedactedEntry.of(entry));
        }
        ExportHeader header = new ExportHeader("ma-dgsn.nadia.elamrani", Instant.parse("2026-03-02T10:00:00.123Z"),
                "liaison.example.org:7443", filter, List.of(signer.certificate(), pki.operatorCa()));
        return new AuditExport(header, rows, log.checkpoint(12));
    }

    private static String write(AuditExport export, AuditExportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        format.write(export, out);
        return out.toString();
    }

    private static AuditExport read(String text) throws IOException {
        return AuditExportFormat.readAny(new StringReader(text));
    }

    private static List<AuditFailure> failures(String text) throws IOException {
        return new ExportVerifier(trust).verify(read(text)).result().failures();
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void readsBackExactlyWhatWasWritten(AuditExportFormat format) throws IOException {
        AuditExport export = channelExport();

        AuditExport back = read(write(export, format));

        assertThat(back.entries()).isEqualTo(export.entries());
        assertThat(back.checkpoint()).isEqualTo(export.checkpoint());
        assertThat(back.header()).usingRecursiveComparison().isEqualTo(export.header());
        assertThat(back.wholeEntries()).extracting(AuditEntry::seq).containsExactly(3L, 4L, 5L, 7L, 9L, 10L);
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void anUntouchedExportVerifiesAlone(AuditExportFormat format) throws IOException {
        ExportVerification verification = new ExportVerifier(trust).verify(read(write(channelExport(), format)));

        assertThat(verification.result().failures()).isEmpty();
        assertThat(verification.whole()).isEqualTo(6);
        assertThat(verification.redacted()).isEqualTo(6);
        assertThat(verification.result().lastCheckpointSeq()).isEqualTo(12);
        assertThat(verification.auditCertificate()).isEqualTo(signer.certificate());
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void aChangedDetailFailsAtItsSeq(AuditExportFormat format) throws IOException {
        String text = write(channelExport(), format);

        String changed = new ExportFileTampering(format).change(text, "entry", 5, "details",
                "envelope_sha256=ab12\nrecipient_devices=3");

        assertThat(failures(changed)).extracting(AuditFailure::seq, AuditFailure::reason)
                .containsExactly(tuple(5L, Reason.EDITED));
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void aDeletedLineFailsAtItsSeq(AuditExportFormat format) throws IOException {
        String text = write(channelExport(), format);

        assertThat(failures(new ExportFileTampering(format).delete(text, "redacted", 6)))
                .extracting(AuditFailure::seq, AuditFailure::reason).containsExactly(tuple(6L, Reason.DELETED));
        assertThat(failures(new ExportFileTampering(format).delete(text, "entry", 9)))
                .extracting(AuditFailure::seq, AuditFailure::reason).containsExactly(tuple(9L, Reason.DELETED));
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void aChangedRedactedHashFailsAtItsSeq(AuditExportFormat format) throws IOException {
        String text = write(channelExport(), format);
        String otherHash = HexFormat.of().formatHex(new byte[32]);
        ExportFileTampering tampering = new ExportFileTampering(format);

        assertThat(failures(tampering.change(text, "redacted", 8, "content_hash", otherHash)))
                .extracting(AuditFailure::seq, AuditFailure::reason).containsExactly(tuple(8L, Reason.EDITED));
        assertThat(failures(tampering.change(text, "redacted", 8, "entry_hash", otherHash)))
                .extracting(AuditFailure::seq, AuditFailure::reason).first().isEqualTo(tuple(8L, Reason.EDITED));
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void aCutOffEndOrAChangedCheckpointFails(AuditExportFormat format) throws IOException {
        String text = write(channelExport(), format);
        ExportFileTampering tampering = new ExportFileTampering(format);

        assertThat(failures(tampering.delete(text, "redacted", 12)))
                .extracting(AuditFailure::seq, AuditFailure::reason).containsExactly(tuple(12L, Reason.TRUNCATED));
        String otherTime = Long.toString(log.entry(12).timeMs() + 1);
        assertThat(failures(tampering.edit(text, "checkpoint", 12, record -> {
            record.put("time_ms", otherTime);
            record.remove("time");
            return List.of(record);
        }))).extracting(AuditFailure::seq, AuditFailure::reason).containsExactly(tuple(12L, Reason.BAD_SIGNATURE));
        assertThatThrownBy(() -> read(tampering.delete(text, "checkpoint", 12)))
                .isInstanceOf(AuditExportException.class).hasMessageContaining("no checkpoint");
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void anAddedEntryAfterTheCheckpointIsNotTakenAsCovered(AuditExportFormat format) throws IOException {
        TestAuditLog longer = TestAuditLog.sample(signer);
        AuditEntry extra = longer.append(TestAuditLog.KARIM, "message.stored", TestAuditLog.CHANNEL, "m-9", "");
        AuditExport export = channelExport();
        List<ChainedEntry> rows = new ArrayList<>(export.entries());
        rows.add(extra);

        String text = write(new AuditExport(export.header(), rows, export.checkpoint()), format);

        assertThat(failures(text)).extracting(AuditFailure::seq, AuditFailure::reason)
                .containsExactly(tuple(13L, Reason.INSERTED));
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void anEntryMayBeRedactedLaterButNotRewritten(AuditExportFormat format) throws IOException {
        String text = write(channelExport(), format);
        RedactedEntry four = RedactedEntry.of(log.entry(4));

        String redacted = new ExportFileTampering(format).edit(text, "entry", 4, record -> List.of(new LinkedHashMap<>(
                Map.of("type", "redacted", "seq", "4", "prev_hash", HexFormat.of().formatHex(four.prevHash()),
                        "content_hash", HexFormat.of().formatHex(four.contentHash()),
                        "entry_hash", HexFormat.of().formatHex(four.entryHash())))));

        assertThat(failures(redacted)).isEmpty();
        assertThat(read(redacted).wholeCount()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void aTimeThatDisagreesWithTimeMsOrAFieldOfAnotherTypeIsRefusedNamingTheSeq(AuditExportFormat format)
            throws IOException {
        String text = write(channelExport(), format);
        ExportFileTampering tampering = new ExportFileTampering(format);

        assertThatThrownBy(() -> read(tampering.change(text, "entry", 3, "time", "2020-01-01T00:00:00Z")))
                .isInstanceOf(AuditExportException.class).hasMessageContaining("(seq 3)").hasMessageContaining("time");
        assertThatThrownBy(() -> read(tampering.change(text, "redacted", 2, "details", "looks=covered")))
                .isInstanceOf(AuditExportException.class).hasMessageContaining("(seq 2)")
                .hasMessageContaining("no field details");
    }

    @ParameterizedTest
    @EnumSource(AuditExportFormat.class)
    void anAuditCertificateFromAnotherOperatorIsRefused(AuditExportFormat format) throws IOException {
        TestPki other = TestPki.create();
        TestPki.Issued foreign = other.issueAudit();
        AuditExport export = channelExport();
        Checkpoint forged = TestAuditLog.sign(12, log.entry(12).entryHash(), export.checkpoint().timeMs(), foreign);
        ExportHeader header = new ExportHeader("x", Instant.now(), "s", AuditFilter.NONE,
                List.of(foreign.certificate(), other.operatorCa()));

        String text = write(new AuditExport(header, export.entries(), forged), format);

        assertThatThrownBy(() -> new ExportVerifier(trust).verify(read(text)))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("does not chain");
    }

    @Test
    void anExportStaysVerifiableAfterItsAuditCertificateExpired() {
        Instant signedAt = Instant.now().minus(Duration.ofDays(25));
        TestPki.Issued expired = pki.issueAudit(signedAt.minus(Duration.ofDays(5)), signedAt.plus(Duration.ofDays(5)));
        Checkpoint checkpoint = TestAuditLog.sign(12, log.entry(12).entryHash(), signedAt.toEpochMilli(), expired);
        AuditExport export = new AuditExport(new ExportHeader("x", Instant.now(), "s", AuditFilter.NONE,
                List.of(expired.certificate())), List.copyOf(log.entries()), checkpoint);

        assertThat(new ExportVerifier(trust).verify(export).ok()).isTrue();
        assertThatThrownBy(() -> trust.verify(List.of(expired.certificate()), Instant.now()))
                .isInstanceOf(AuditCertificateException.class).hasMessageContaining("expired");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreDefusedAndReadBackExactly() throws IOException {
        AuditExport export = new AuditExport(channelExport().header(), List.copyOf(log.entries()),
                log.checkpoint(12));

        String csv = write(export, AuditExportFormat.CSV);

        assertThat(csv).doesNotContain(",=HYPERLINK").contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"open\"\")\"")
                .contains("\"'-leading=minus\n@at=sign\"");
        assertThat(csv).startsWith("type,seq,time_ms,time,actor,action,channel,target,details,prev_hash,"
                + "content_hash,entry_hash,signature,key_id,format,exported_by,exported_at,server,filters,"
                + "audit_certificate_chain\r\n");
        assertThat(read(csv).entries()).isEqualTo(export.entries());
    }

    @Test
    void jsonLinesWithADuplicatedKeyAreRefused() throws IOException {
        String text = write(channelExport(), AuditExportFormat.JSONL);
        String line = text.lines().filter(l -> l.contains("\"seq\":5,")).findFirst().orElseThrow();
        String duplicated = line.replace("\"details\":", "\"details\":\"recipient_devices=9\",\"details\":");

        assertThatThrownBy(() -> read(text.replace(line, duplicated)))
                .isInstanceOf(AuditExportException.class).hasMessageContaining("line 6");
    }

    @Test
    void aFileThatIsNoExportIsRefused() {
        assertThatThrownBy(() -> read("")).isInstanceOf(AuditExportException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> read("{\"type\":\"entry\",\"seq\":1}\n"))
                .isInstanceOf(AuditExportException.class).hasMessageContaining("not an audit export");
        assertThatThrownBy(() -> read("a,b\r\n1,2\r\n"))
                .isInstanceOf(AuditExportException.class).hasMessageContaining("not an audit export");
    }

    @Test
    void theFormatFollowsTheFileName() {
        assertThat(AuditExportFormat.forFileName(Path.of("out/Audit.CSV")))
                .isEqualTo(AuditExportFormat.CSV);
        assertThat(AuditExportFormat.forFileName(Path.of("audit.jsonl")))
                .isEqualTo(AuditExportFormat.JSONL);
        assertThat(AuditExportFormat.forFileName(Path.of("audit.txt")))
                .isEqualTo(AuditExportFormat.JSONL);
    }
}
