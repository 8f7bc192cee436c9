package org.liaison.cli;

import java.io.PrintWriter;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.Checkpoint;
import org.liaison.client.Audit;
import org.liaison.client.LiaisonClient;
import org.liaison.client.audit.CheckpointCheck;
import org.liaison.client.audit.CheckpointKeeper;
import org.liaison.client.audit.KeptCheckpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code liaison audit checkpoint}: fetch, check and keep the server's newest signed checkpoint. */
@Command(
        name = "checkpoint",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Auditors only: ask the server to sign a checkpoint of its newest entry (unless --existing), fetch "
                    + "the newest signed checkpoint, check its signature and the audit "
                    + "certificate's chain to the operator CA, check that it extends the newest checkpoint this "
                    + "profile kept (the entries between them are fetched and their hash chain recomputed from the "
                    + "kept hash; the first time, from the first entry), and keep it in <profile>/audit/.",
            "Prints its seq, time and hash. A checkpoint that does not extend the kept one is NOT kept and is "
                    + "reported loudly, one FAIL line per seq: the server rewrote, cut or forked its log after the "
                    + "kept checkpoint (exit code 1). Run it regularly: a kept checkpoint is what lets 'liaison "
                    + "audit verify' catch a server that rewrites its log and its own checkpoints."})
public final class AuditCheckpointCommand extends AuditCommand.AuditVerb {

    @Option(names = "--existing",
            description = "Keep the newest checkpoint the server already signed, instead of first asking it to sign "
                    + "one of its newest entry (it signs on request at most every 10 seconds, and on its own every "
                    + "audit.checkpoint-interval-seconds).")
    boolean existing;

    @Override
    protected int run(LiaisonClient client, CommandOutput output) throws Exception {
        KeptCheckpoints kept = kept();
        CheckpointCheck check = ProfileConnector.await(
                new CheckpointKeeper(new Audit(client), trust(), kept, clock).keepNewest(!existing));
        if (output.json()) {
            output.printJson(new AuditViews.CheckpointCheckView(check.ok(),
                    check.newest().map(AuditViews.CheckpointView::of).orElse(null),
                    check.previous().map(AuditViews.CheckpointView::of).orElse(null), check.entriesChecked(),
                    check.keptNow(), check.previousMissing(), AuditViews.FailureView.of(check.failures())));
        } else if (check.ok()) {
            printKept(check, kept, output);
        } else {
            printFork(check, kept, output);
        }
        return check.ok() ? ExitCodes.SUCCESS : ExitCodes.REFUSED;
    }

    private static void printKept(CheckpointCheck check, KeptCheckpoints kept, CommandOutput output) {
        Checkpoint newest = check.newest().orElseThrow();
        output.println("checkpoint " + newest.seq() + " signed " + AuditTimes.shown(newest.timeMs()));
        output.println("hash       " + AuditViews.hex(newest.entryHash()));
        output.println("key id     " + newest.keyId());
        if (check.previous().isEmpty()) {
            output.println("extends    the start of the log (" + check.entriesChecked() + " entries recomputed)");
        } else if (check.previous().get().seq() == newest.seq()) {
            output.println("extends    (the newest checkpoint is the one this profile kept; nothing new)");
        } else {
            output.println("extends    the checkpoint kept at " + check.previous().get().seq() + " ("
                    + check.entriesChecked() + " entries recomputed)");
        }
        output.println("kept       " + (check.keptNow() ? "yes, in " + kept.checkpointsFile() : "already"));
        if (check.previousMissing()) {
            output.println("note: the server does not list the checkpoint this profile kept at "
                    + check.previous().get().seq() + " (its row was deleted or replaced)");
        }
    }

    private void printFork(CheckpointCheck check, KeptCheckpoints keptCheckpoints, CommandOutput output) {
        for (AuditFailure failure : check.failures()) {
            output.println(AuditViews.fail(failure));
        }
        PrintWriter err = spec.commandLine().getErr();
        if (check.previous().isEmpty()) {
            err.println("!! THE SERVER'S NEWEST CHECKPOINT DOES NOT VERIFY AGAINST ITS OWN LOG (see the FAIL lines)."
                    + " Nothing was kept.");
        } else {
            err.println("!! THE SERVER'S AUDIT LOG DOES NOT EXTEND THE CHECKPOINT KEPT AT "
                    + check.previous().get().seq() + ".");
            err.println("!! " + check.newest().map(n -> "Its newest checkpoint (" + n.seq()
                            + ") belongs to another history: ").orElse("It lists no checkpoint at or after it: ")
                    + "the log was rewritten, cut or forked after the kept checkpoint was signed. Nothing was kept;"
                    + " keep " + keptCheckpoints.checkpointsFile() + " as evidence.");
        }
        err.flush();
    }
}
