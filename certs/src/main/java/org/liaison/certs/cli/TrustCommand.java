package org.liaison.certs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.PkiException;
import org.liaison.certs.TrustConfigFile;
import org.liaison.certs.TrustEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trust}: edits and shows the server's trust configuration. */
@Command(name = "trust", mixinStandardHelpOptions = true, description = "Edit the server's trust configuration.",
        subcommands = {TrustCommand.Add.class, TrustCommand.ListEntries.class})
public final class TrustCommand {

    /** {@code trust add}: adds or replaces the entry of the agency whose CA directory is given. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add (or replace) an agency in the trust configuration, from its CA directory "
                    + "(agency.properties, ca.pem, crl.pem; the key is not needed).",
                    "Copies nothing: the entry points at DIR/ca.pem and DIR/crl.pem, relative to the file when possible."})
    public static final class Add extends PkiSubcommand {

        @Option(names = "--trust", required = true, paramLabel = "FILE", description = "trust.properties to edit (created if missing).")
        Path trustFile;

        @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "The agency's CA directory.")
        Path caDir;

        @Override
        protected void execute() {
            TrustEntry entry = TrustEntry.fromCaDirectory(caDir);
            if (entry.agency().code().equals(CertificateAuthority.OPERATOR_CODE)) {
                throw new PkiException(caDir + " is the operator CA (" + CertificateAuthority.OPERATOR_CODE
                        + "): it vouches for the server, never for officers; add agency CAs only");
            }
            boolean replaced = TrustConfigFile.addOrReplace(trustFile, entry);
            AgencySpec agency = entry.agency();
            out().println((replaced ? "replaced" : "added") + " agency " + agency.code() + " (" + agency.name() + ", "
                    + agency.nation() + ", officer prefix " + agency.officerPrefix() + ") in " + trustFile);
            if (!Files.exists(entry.crl())) {
                err().println("warning: " + entry.crl() + " is missing; the server refuses this agency's officers until it exists");
            }
        }
    }

    /** {@code trust list}: shows the trusted agencies. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agencies in the trust configuration.")
    public static final class ListEntries extends PkiSubcommand {

        @Option(names = "--trust", required = true, paramLabel = "FILE", description = "trust.properties to read.")
        Path trustFile;

        @Override
        protected void execute() {
            for (TrustEntry entry : TrustConfigFile.read(trustFile)) {
                AgencySpec agency = entry.agency();
                out().printf("%-12s %-2s %-14s %s%n", agency.code(), agency.nation(), agency.officerPrefix(), agency.name());
                out().println("             CA  " + entry.caCertificate());
                out().println("             CRL " + entry.crl() + (Files.exists(entry.crl()) ? "" : " (MISSING)"));
            }
        }
    }
}
