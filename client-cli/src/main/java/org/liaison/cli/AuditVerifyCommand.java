package org.liaison.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.Checkpoint;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClient;
import org.liaison.client.audit.AuditTrust;
import org.liaison.client.audit.AuditExport;
import org.liaison.client.audit.AuditExportException;
import org.liaison.client.audit.AuditExportFormat;
import org.liaison.client.audit.ExportVerification;
import org.liaison.client.audit.ExportVerifier;
import org.liaison.client.audit.OnlineVerification;
import org.liaison.client.audit.OnlineVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code liaison audit verify}: the server's whole log, or an export file, checked here. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Auditors only: fetch the server's whole audit log and all its signed checkpoints and verify them here, "
                    + "against the checkpoints this profile kept as well ('liaison audit checkpoint'): a log rewritten "
                    + "or cut below a kept checkpoint fails at that checkpoint's seq even if the server deleted its "
                    + "own checkpoints.",
            "With --export FILE: verify an export offline instead (no connection): the chain from the first entry "
                    + "to the checkpoint, the checkpoint's signature, and the audit certificate's chain to the "
                    + "profile's operator CA.",
            "Prints OK with the counts, or one FAIL line per failing seq (seq, reason, explanation). "
                    + "Exit code 0 when it verifies, 1 when it does not."})
public final class AuditVerifyCommand extends AuditCommand.AuditVerb {

    @Option(names = "--export", paramLabel = "FILE",
            description = "Verify this export file (JSON lines or CSV, recognised by its content) instead of the "
                    + "server's log; does not connect.")
    Path export;

    @Option(names = "--server-ca", paramLabel = "FILE",
            description = "With --export: PEM file of the operator CA the audit certificate must chain to (default: "
                    + "the profile's server-ca.pem).")
    Path serverCa;

    @Override
    protected void beforeConnect() {
        if (serverCa != null && export == null) {
            throw new ParameterException(spec.commandLine(), "--server-ca goes with --export");
        }
        if (export != null && !Files.isRegularFile(export)) {
            throw new ParameterException(spec.commandLine(), "no export file " + export);
        }
    }

    @Override
    protected boolean connects() {
        return export == null;
    }

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        OnlineVerification verification = ProfileConnector.await(
                new OnlineVerifier(new Audit(client), trust(), kept(), clock).verify());
        AuditVerification result = verification.result();
        List<Long> missing = verification.missingOnServer().stream().map(Checkpoint::seq).toList();
        if (output.json()) {
            output.printJson(new AuditViews.VerifyView(result.ok(), result.entries(), result.lastSeq(),
                    result.checkpoints(), verification.serverCheckpoints(), verification.keptCheckpoints(),
                    result.lastCheckpointSeq(), missing, AuditViews.FailureView.of(result.failures())));
            return result.ok() ? ExitCodes.SUCCESS : ExitCodes.REFUSED;
        }
        for (long seq : missing) {
            output.println("note: the server does not list the checkpoint this profile kept at " + seq
                    + " (its row was deleted or replaced)");
        }
        if (!result.ok()) {
            return failed(result.failures(), result.entries(), output);
        }
        output.println("OK: " + result.entries() + " entries (1-" + result.lastSeq() + "), " + result.checkpoints()
                + " checkpoints verified (" + verification.serverCheckpoints() + " from the server, "
                + verification.keptCheckpoints() + " kept by this profile)");
        output.println(coverage(result));
        if (verification.keptCheckpoints() == 0) {
            output.println("note: this profile has kept no checkpoint: a server that rewrote its log and its"
                    + " checkpoints alike would verify; run 'liaison audit checkpoint' regularly");
        }
        return ExitCodes.SUCCESS;
    }

    @Override
    protected int runOffline(CommandOutput output) throws Exception {
        AuditTrust trust = serverCa != null ? AuditTrust.fromPem(serverCa) : trust();
        AuditExport read;
        try (Reader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            read = AuditExportFormat.readAny(in);
        } catch (IOException e) {
            throw new AuditExportException("cannot read " + export + ": " + e.getMessage(), e);
        }
        ExportVerification verification = new ExportVerifier(trust).verify(read);
        AuditVerification result = verification.result();
        if (output.json()) {
            output.printJson(new AuditViews.ExportVerifyView(result.ok(), export.toString(), result.entries(),
                    verification.whole(), verification.redacted(), AuditViews.CheckpointView.of(read.checkpoint()),
                    verification.auditCertificate().getSubjectX500Principal().getName(), read.header().exportedBy(),
                    read.header().exportedAt().toString(), read.header().server(), read.header().filter().fields(),
                    AuditViews.FailureView.of(result.failures())));
            return result.ok() ? ExitCodes.SUCCESS : ExitCodes.REFUSED;
        }
        if (!result.ok()) {
            return failed(result.failures(), result.entries(), output);
        }
        output.println("OK: " + export + " verifies: " + result.entries() + " entries (" + verification.whole()
                + " whole, " + verification.redacted() + " redacted) up to the checkpoint at "
                + read.checkpoint().seq() + " signed " + AuditTimes.shown(read.checkpoint().timeMs()));
        output.println("signed by " + EventFormatter.printable(
                verification.auditCertificate().getSubjectX500Principal().getName())
                + ", which chains to the operator CA; hash " + AuditViews.hex(read.checkpoint().entryHash()));
        output.println("exported by " + EventFormatter.printable(read.header().exportedBy()) + " from "
                + EventFormatter.printable(read.header().server()) + " at " + read.header().exportedAt()
                + ", filters " + (read.header().filter().isEmpty() ? "none"
                        : String.join(" ", AuditFilterOptions.arguments(read.header().filter())))
                + " (what the file says: the header is not signed)");
        return ExitCodes.SUCCESS;
    }

    private int failed(List<AuditFailure> failures, long entries, CommandOutput output) {
        for (AuditFailure failure : failures) {
            output.println(AuditViews.fail(failure));
        }
        output.println("FAILED: " + failures.size() + " failure" + (failures.size() == 1 ? "" : "s") + " in "
                + entries + " entries");
        return ExitCodes.REFUSED;
    }

    private static String coverage(AuditVerification result) {
        if (result.lastCheckpointSeq() == 0) {
            return "no signed checkpoint yet: the entries are only consistent with each other";
        }
        if (result.lastCheckpointSeq() >= result.lastSeq()) {
            return "every entry is covered by a signed checkpoint";
        }
        return "entries 1-" + result.lastCheckpointSeq() + " are covered by a signed checkpoint; "
                + (result.lastCheckpointSeq() + 1) + "-" + result.lastSeq()
                + " only chain to them until the next checkpoint";
    }
}
