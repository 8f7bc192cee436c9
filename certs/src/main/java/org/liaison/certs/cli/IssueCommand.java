package org.liaison.certs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.OfficerProfiles;
import org.liaison.certs.Pem;
import org.liaison.certs.PkiException;
import org.liaison.markings.Clearance;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code issue}: issues officer and server certificates. */
@Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue an officer profile or a server certificate.",
        subcommands = {IssueCommand.Officer.class, IssueCommand.Server.class})
public final class IssueCommand {

    /** {@code issue officer}: issues an officer certificate and writes the officer's profile directory. */
    @Command(name = "officer", mixinStandardHelpOptions = true,
            description = {"Issue an officer certificate and write the profile directory the officer's client reads.",
                    "Refuses (exit 1) an id that does not start with the CA's officer prefix, an unknown role, "
                            + "or an existing profile (unless --force)."})
    public static final class Officer extends PkiSubcommand {

        @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "Directory of the issuing agency CA.")
        Path caDir;

        @Option(names = "--id", required = true, description = "Officer id, e.g. fr-pn.claire.martin.")
        String officerId;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "Role (repeat for several): officer, supervisor, auditor.")
        List<String> roles = new ArrayList<>();

        @Option(names = "--clearance", paramLabel = "LEVEL", defaultValue = "UNCLASSIFIED",
                description = "Clearance written into the certificate: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL or "
                        + "SECRET (default: ${DEFAULT-VALUE}). Decides which markings the officer may see.")
        String clearance;

        @Option(names = "--out", required = true, paramLabel = "PROFILE_DIR", description = "Profile directory to write.")
        Path out;

        @Option(names = "--server-ca", required = true, paramLabel = "PEM",
                description = "Operator CA certificate that the server's certificate chains to.")
        Path serverCa;

        @Option(names = "--agency-cas", paramLabel = "PEM",
                description = "Trusted agency CA certificates (default: the issuing CA's only; it is always included).")
        Path agencyCas;

        @Option(names = "--server", defaultValue = OfficerProfiles.DEFAULT_SERVER_ADDRESS, paramLabel = "HOST:PORT",
                description = "Server address written into the profile (default: ${DEFAULT-VALUE}).")
        String server;

        @Option(names = "--days", defaultValue = "365", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "File whose first line is the PKCS#12 password (default: generate one into identity.pass).")
        Path passwordFile;

        @Option(names = "--ca-password-file", paramLabel = "FILE", description = "File with the CA key's passphrase.")
        Path caPasswordFile;

        @Option(names = "--force", description = "Replace an existing profile in PROFILE_DIR.")
        boolean force;

        @Override
        protected void execute() {
            OfficerProfiles.checkServerAddress(server);
            if (!force && Files.exists(out.resolve(OfficerProfiles.IDENTITY_FILE))) {
                throw new PkiException("refusing to overwrite the existing profile in " + out + " (use --force)");
            }
            char[] password = PasswordFiles.readOrNull(passwordFile);
            CertificateAuthority ca = CertificateAuthority.load(caDir, PasswordFiles.readOrNull(caPasswordFile), Clock.systemUTC());
            X509Certificate serverCaCertificate = Pem.readCertificate(serverCa);
            List<X509Certificate> trusted = new ArrayList<>(
                    agencyCas == null ? List.of() : Pem.readCertificates(agencyCas));
            if (!trusted.contains(ca.certificate())) {
                trusted.add(0, ca.certificate());
            }
            Classification level;
            try {
                level = Clearance.parse(clearance);
            } catch (IllegalArgumentException e) {
                throw new PkiException(e.getMessage());
            }
            IssuedIdentity identity = ca.issueOfficerChecked(officerId, new LinkedHashSet<>(roles), level,
                    Duration.ofDays(days));
            OfficerProfiles.write(out, identity, password, serverCaCertificate, trusted, server, force);
            out().println("issued officer certificate " + identity.certificate().getSubjectX500Principal().getName());
            out().println("  clearance " + Markings.name(level) + ", serial " + identity.serialNumber().toString(16)
                    + ", valid until " + identity.certificate().getNotAfter().toInstant());
            out().println("  profile: " + out + " (server " + server + ", " + trusted.size() + " trusted agency CA(s))");
            if (password == null) {
                out().println("  PKCS#12 password: " + out.resolve(OfficerProfiles.PASSWORD_FILE)
                        + " (hand it to the officer separately from the profile)");
            } else {
                out().println("  PKCS#12 password: the one in " + passwordFile);
            }
        }
    }

    /** {@code issue server}: issues a TLS server certificate from the operator CA. */
    @Command(name = "server", mixinStandardHelpOptions = true,
            description = {"Issue a TLS server certificate (normally from the operator CA, liaison-ops).",
                    "Writes DIR/cert.pem (certificate then CA certificate) and DIR/key.pem (PKCS#8, unencrypted, 0600)."})
    public static final class Server extends PkiSubcommand {

        private static final String CERT_FILE = "cert.pem";
        private static final String KEY_FILE = "key.pem";

        @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "Directory of the operator CA.")
        Path caDir;

        @Option(names = "--dns", required = true, arity = "1..*", paramLabel = "NAME",
                description = "DNS names (the first is the CN).")
        List<String> dnsNames = new ArrayList<>();

        @Option(names = "--ip", arity = "1..*", paramLabel = "IP", description = "IP address literals.")
        List<String> ipAddresses = new ArrayList<>();

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write cert.pem and key.pem to.")
        Path out;

        @Option(names = "--days", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--ca-password-file", paramLabel = "FILE", description = "File with the CA key's passphrase.")
        Path caPasswordFile;

        @Option(names = "--force", description = "Replace an existing key in DIR.")
        boolean force;

        @Override
        protected void execute() {
            if (!force && Files.exists(out.resolve(KEY_FILE))) {
                throw new PkiException("refusing to overwrite the existing key " + out.resolve(KEY_FILE) + " (use --force)");
            }
            CertificateAuthority ca = CertificateAuthority.load(caDir, PasswordFiles.readOrNull(caPasswordFile), Clock.systemUTC());
            IssuedIdentity identity = ca.issueServer(dnsNames, ipAddresses, Duration.ofDays(days));
            identity.writePem(out.resolve(CERT_FILE), out.resolve(KEY_FILE), null);
            out().println("issued server certificate " + identity.certificate().getSubjectX500Principal().getName());
            out().println("  serial " + identity.serialNumber().toString(16)
                    + ", valid until " + identity.certificate().getNotAfter().toInstant());
            out().println("  names: " + String.join(", ", dnsNames)
                    + (ipAddresses.isEmpty() ? "" : ", " + String.join(", ", ipAddresses)));
            out().println("  chain: " + out.resolve(CERT_FILE) + ", key: " + out.resolve(KEY_FILE));
        }
    }
}
