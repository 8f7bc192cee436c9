package org.liaison.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.liaison.audit.AuditFailure;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClient;
import org.liaison.client.LiaisonClientException;
import org.liaison.client.audit.AuditExport;
import org.liaison.client.audit.AuditExportFormat;
import org.liaison.client.audit.AuditExporter;
import org.liaison.client.audit.AuditFilter;
import org.liaison.client.audit.ExportResult;
import org.liaison.client.keys.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code liaison audit export}: an export of the log that verifies on its own. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Auditors only: ask the server to sign a checkpoint of its newest entry (unless --existing), then write "
                    + "the audit log up to its newest signed checkpoint to FILE, so that it can be "
                    + "verified alone ('liaison audit verify --export FILE') by anyone who trusts the operator CA.",
            "Entries matching every filter given are written whole; the others are redacted to the hashes that "
                    + "carry the chain (seq, prev_hash, content_hash, entry_hash). The checkpoint and the audit "
                    + "certificate chain are included. Entries after the newest checkpoint are left out: no "
                    + "signature covers them yet.",
            "The log is verified first (against the server's and this profile's kept checkpoints); a log that "
                    + "does not verify is reported, one FAIL line per seq, and nothing is written."})
public final class AuditExportCommand extends AuditCommand.AuditVerb {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "File to write the export to (replaced atomically).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "jsonl (JSON lines) or csv; default: csv for a FILE ending in .csv, else jsonl.")
    String format;

    @Option(names = "--existing",
            description = "Export up to the newest checkpoint the server already signed, instead of first asking it "
                    + "to sign one of its newest entry.")
    boolean existing;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Mixin
    AuditFilterOptions filters;

    private AuditFilter filter;
    private AuditExportFormat fileFormat;

    @Override
    protected void beforeConnect() {
        filter = filters.filter(spec.commandLine(), clock.instant());
        fileFormat = format == null ? AuditExportFormat.forFileName(output) : switch (format.toLowerCase(Locale.ROOT)) {
            case "jsonl" -> AuditExportFormat.JSONL;
            case "csv" -> AuditExportFormat.CSV;
            default -> throw new ParameterException(spec.commandLine(), "--format must be jsonl or csv, got "
                    + EventFormatter.printable(format));
        };
        if (Files.exists(output) && !force) {
            throw new ParameterException(spec.commandLine(), output + " exists: choose another file or add --force");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "the directory of " + output + " does not exist");
        }
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput out) throws Exception {
        Audit audit = new Audit(client);
        if (!existing) {
            ProfileConnector.await(audit.requestCheckpoint());
        }
        ExportResult result = ProfileConnector.await(new AuditExporter(audit, trust(), kept(), clock)
                .export(filter, client.welcome().getOfficerId(), client.server().toString()));
        if (result.export().isEmpty()) {
            return refused(result, out);
        }
        AuditExport export = result.export().get();
        write(export);
        String formatName = fileFormat.name().toLowerCase(Locale.ROOT);
        if (out.json()) {
            out.printJson(new AuditViews.ExportView(true, output.toString(), formatName,
                    (long) export.entries().size(), export.wholeCount(), export.redactedCount(),
                    AuditViews.CheckpointView.of(export.checkpoint()), result.lastSeq(), result.uncovered(), null));
            return ExitCodes.SUCCESS;
        }
        out.println("exported entries 1-" + export.checkpoint().seq() + " to " + output + " (" + formatName + "): "
                + export.wholeCount() + " whole, " + export.redactedCount() + " redacted");
        out.println("covered by the checkpoint signed " + AuditTimes.shown(export.checkpoint().timeMs())
                + ", hash " + AuditViews.hex(export.checkpoint().entryHash()));
        if (result.uncovered() > 0) {
            out.println("not exported: entries " + (export.checkpoint().seq() + 1) + "-" + result.lastSeq()
                    + " are newer than the newest signed checkpoint (no signature covers them yet); export again"
                    + " after the next checkpoint to include them");
        }
        return ExitCodes.SUCCESS;
    }

    private int refused(ExportResult result, CommandOutput out) {
        if (out.json()) {
            out.printJson(new AuditViews.ExportView(false, output.toString(), null, null, null, null, null,
                    result.lastSeq(), null, AuditViews.FailureView.of(result.failures())));
        } else {
            for (AuditFailure failure : result.failures()) {
                out.println(AuditViews.fail(failure));
            }
        }
        spec.commandLine().getErr().println("error: the server's audit log does not verify up to its newest"
                + " checkpoint (" + result.failures().size() + " failures): nothing was exported");
        return ExitCodes.REFUSED;
    }

    private void write(AuditExport export) throws IOException {
        StringWriter text = new StringWriter();
        fileFormat.write(export, text);
        try {
            AtomicFile.write(output, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LiaisonClientException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }
}
