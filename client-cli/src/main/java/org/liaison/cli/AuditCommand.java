package org.liaison.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import org.liaison.client.audit.AuditTrust;
import org.liaison.client.audit.KeptCheckpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liaison audit …}: what an auditor does with the server's audit log (docs/audit.md, "For
 * auditors"). Each verb is its own class.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        version = LiaisonCommand.VERSION,
        description = {
            "Auditors only: query, export and verify the server's tamper-evident audit log, and keep its signed "
                    + "checkpoints in this profile.",
            "The server answers only officers whose certificate carries the auditor role, and writes every audit "
                    + "request, answered or refused, to the log. What it sends is checked here: the hash chain, the "
                    + "checkpoints' signatures, and the audit certificate's chain to the operator CA of the profile "
                    + "(server-ca.pem). Kept checkpoints live in <profile>/audit/."},
        subcommands = {
            AuditQueryCommand.class,
            AuditExportCommand.class,
            AuditVerifyCommand.class,
            AuditCheckpointCommand.class,
            AuditReadCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success; the log or export verifies",
            "1:refused by the server (PERMISSION_DENIED for non-auditors), verification failed (one FAIL line per "
                    + "seq), a checkpoint that does not extend the kept one, or an audit certificate that does not "
                    + "chain to the operator CA",
            "2:usage error",
            "3:cannot connect",
            "4:local configuration problem (profile, identity, damaged kept checkpoints)"})
public final class AuditCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Base of the audit verbs: the profile's operator CA and kept checkpoints. */
    abstract static class AuditVerb extends ConnectedCommand {

        /** The clock the verbs judge certificates and stamp kept checkpoints with. */
        final Clock clock = Clock.systemUTC();

        /** The operator CA(s) of the profile, which the audit certificate must chain to. */
        AuditTrust trust() {
            return AuditTrust.fromPem(connector().profile().serverCa());
        }

        /** The checkpoints this profile kept. */
        KeptCheckpoints kept() {
            return KeptCheckpoints.inProfile(connector().profileDir(), clock);
        }
    }
}
