package org.liaison.certs.cli;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.liaison.certs.CertificateAuthority;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crl}: reissues the CA's CRL, e.g. to renew it before its nextUpdate. */
@Command(name = "crl", mixinStandardHelpOptions = true,
        description = {"Reissue the CA's crl.pem with a new number and nextUpdate.",
                "Run it well before the current CRL's nextUpdate: the server refuses officers of a CA whose CRL is stale or missing."})
public final class CrlCommand extends PkiSubcommand {

    @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "Directory of the CA.")
    Path caDir;

    @Option(names = "--days", defaultValue = "30", description = "Days until nextUpdate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--ca-password-file", paramLabel = "FILE", description = "File with the CA key's passphrase.")
    Path caPasswordFile;

    @Override
    protected void execute() {
        Duration validity = Duration.ofDays(days);
        CertificateAuthority ca = CertificateAuthority.load(caDir, PasswordFiles.readOrNull(caPasswordFile), Clock.systemUTC());
        X509CRL crl = ca.publishCrl(validity);
        Set<?> revoked = crl.getRevokedCertificates();
        out().println("CRL number " + CertificateAuthority.crlNumber(crl) + " written to "
                + caDir.resolve(CertificateAuthority.CRL_FILE));
        out().println("  this update " + crl.getThisUpdate().toInstant() + ", next update " + crl.getNextUpdate().toInstant()
                + ", " + (revoked == null ? 0 : revoked.size()) + " revoked certificate(s)");
    }
}
