package org.liaison.certs;

import org.liaison.certs.cli.CaCommand;
import org.liaison.certs.cli.CrlCommand;
import org.liaison.certs.cli.DevInitCommand;
import org.liaison.certs.cli.IssueCommand;
import org.liaison.certs.cli.RevokeCommand;
import org.liaison.certs.cli.TrustCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code liaison-pki}: the command-line PKI tool of Liaison (agency CAs, officer profiles, server
 * certificates, revocation, the server's trust configuration, the development PKI).
 *
 * <p>Exit codes: 0 done, 1 refused or failed (e.g. it would overwrite a key, or a file is missing),
 * 2 usage error (unknown option, missing or invalid value).
 */
@Command(name = "liaison-pki", mixinStandardHelpOptions = true, version = "liaison-pki 0.1.0",
        description = "PKI tool of Liaison: agency CAs, officer profiles, server certificates, CRLs, trust configuration.",
        subcommands = {DevInitCommand.class, CaCommand.class, IssueCommand.class, RevokeCommand.class,
                CrlCommand.class, TrustCommand.class})
public final class PkiCommand {

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PkiCommand()).execute(args));
    }
}
