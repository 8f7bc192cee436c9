package org.liaison.certs.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ca}: certificate authority commands. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a certificate authority.",
        subcommands = CaCommand.Init.class)
public final class CaCommand {

    /** {@code ca init}: creates an agency (or operator) CA in a directory. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Create a CA: a P-256 key and a self-signed certificate CN=<name> CA, O=<code>, C=<nation>, "
                    + "with an empty CRL.", "Refuses (exit 1) to replace an existing CA key unless --force."})
    public static final class Init extends PkiSubcommand {

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "CA directory to create.")
        Path dir;

        @Option(names = "--code", required = true, description = "Agency code, e.g. fr-pn (the O of every certificate).")
        String code;

        @Option(names = "--nation", required = true, description = "ISO 3166 alpha-2 nation, e.g. FR.")
        String nation;

        @Option(names = "--name", required = true, description = "Agency name, e.g. \"Police nationale\".")
        String name;

        @Option(names = "--prefix", description = "Officer-id prefix (default: <code>.).")
        String prefix;

        @Option(names = "--days", defaultValue = "3650", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--ca-password-file", paramLabel = "FILE",
                description = "File whose first line encrypts the CA key (strongly advised outside development).")
        Path caPasswordFile;

        @Option(names = "--force", description = "Replace an existing CA in DIR.")
        boolean force;

        @Override
        protected void execute() {
            AgencySpec agency = prefix == null ? AgencySpec.of(code, nation, name) : new AgencySpec(code, nation, name, prefix);
            char[] password = PasswordFiles.readOrNull(caPasswordFile);
            CertificateAuthority ca = CertificateAuthority.create(agency, Clock.systemUTC(), Duration.ofDays(days));
            ca.save(dir, password, force);
            out().println("created CA " + ca.certificate().getSubjectX500Principal().getName() + " in " + dir);
            out().println("  serial " + ca.certificate().getSerialNumber().toString(16)
                    + ", valid until " + ca.certificate().getNotAfter().toInstant());
            out().println("  officer prefix: " + agency.officerPrefix());
            out().println("  key: " + dir.resolve(CertificateAuthority.CA_KEY_FILE)
                    + (password == null ? " (NOT encrypted)" : " (encrypted)"));
            out().println("  CRL: " + dir.resolve(CertificateAuthority.CRL_FILE)
                    + ", next update " + Pem.readCrl(dir.resolve(CertificateAuthority.CRL_FILE)).getNextUpdate().toInstant());
            out().println("Give the server operator " + CertificateAuthority.CA_CERTIFICATE_FILE + ", "
                    + CertificateAuthority.CRL_FILE + " and " + CertificateAuthority.AGENCY_FILE
                    + " (never the key) for 'liaison-pki trust add'.");
            if (password == null) {
                err().println("warning: the CA key is not encrypted; use --ca-password-file for a real agency");
            }
        }
    }
}
