package org.liaison.certs.cli;

import java.nio.file.Path;
import java.time.Clock;
import org.liaison.certs.DevPki;
import org.liaison.markings.Markings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dev-init}: generates the development PKI, or says it is already there. */
@Command(name = "dev-init", mixinStandardHelpOptions = true,
        description = {"Generate the development PKI: operator CA, three agency CAs, a server certificate, "
                + "trust.properties and six officer profiles. For development and tests only: keys are unencrypted.",
                "Does nothing (exit 0) if the PKI is already there, unless --force."})
public final class DevInitCommand extends PkiSubcommand {

    @Option(names = "--dir", defaultValue = "certs/dev", paramLabel = "DIR",
            description = "Directory of the development PKI (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--force", description = "Regenerate everything, replacing the existing keys.")
    boolean force;

    @Override
    protected void execute() {
        DevPki pki = force ? DevPki.generate(dir, Clock.systemUTC(), true) : DevPki.ensure(dir, Clock.systemUTC());
        if (!pki.generatedNow()) {
            out().println("development PKI already present at " + dir + " (use --force to regenerate)");
            return;
        }
        out().println("generated the development PKI in " + dir);
        out().println("  operator CA:   " + pki.operatorCaCertificate());
        for (String code : pki.agencyCodes()) {
            out().println("  agency CA:     " + pki.agencyDir(code));
        }
        out().println("  server:        " + pki.serverCertChain() + " (chain), " + pki.serverKey());
        out().println("  trust config:  " + pki.trustConfig());
        out().println("  officer profiles (PKCS#12 password in identity.pass):");
        for (String officerId : pki.officerIds()) {
            out().printf("    %-24s %-20s %-12s %s%n", officerId, String.join(",", pki.roles(officerId)),
                    Markings.name(pki.clearance(officerId)), pki.profile(officerId));
        }
    }
}
