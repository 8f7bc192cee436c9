package org.liaison.certs.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.PkiException;
import org.liaison.certs.RevocationReason;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** {@code revoke}: revokes certificates and rewrites the CA's CRL. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a certificate (by serial) or every certificate of an officer, then rewrite the CA's crl.pem.",
                "Publish the new crl.pem to the server operator afterwards."})
public final class RevokeCommand extends PkiSubcommand {

    @Option(names = "--ca-dir", required = true, paramLabel = "DIR", description = "Directory of the issuing CA.")
    Path caDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", defaultValue = "unspecified", converter = ReasonConverter.class,
            description = "keyCompromise, superseded, cessationOfOperation, affiliationChanged, privilegeWithdrawn "
                    + "or unspecified (default: ${DEFAULT-VALUE}).")
    RevocationReason reason;

    @Option(names = "--crl-days", defaultValue = "30", description = "Days until the CRL's nextUpdate (default: ${DEFAULT-VALUE}).")
    int crlDays;

    @Option(names = "--ca-password-file", paramLabel = "FILE", description = "File with the CA key's passphrase.")
    Path caPasswordFile;

    /** Exactly one of --serial and --officer. */
    static final class Target {
        @Option(names = "--serial", required = true, paramLabel = "HEX", description = "Serial number in hexadecimal.")
        String serial;

        @Option(names = "--officer", required = true, paramLabel = "ID", description = "Revoke every certificate issued to this officer id.")
        String officerId;
    }

    /** Accepts the RFC 5280 reason names. */
    static final class ReasonConverter implements ITypeConverter<RevocationReason> {
        @Override
        public RevocationReason convert(String value) {
            return RevocationReason.fromName(value);
        }
    }

    @Override
    protected void execute() {
        Duration crlValidity = Duration.ofDays(crlDays);
        CertificateAuthority ca = CertificateAuthority.load(caDir, PasswordFiles.readOrNull(caPasswordFile), Clock.systemUTC());
        List<BigInteger> serials = target.serial != null ? List.of(knownSerial(ca, target.serial)) : officerSerials(ca);
        Instant now = Instant.now();
        for (BigInteger serial : serials) {
            String subject = ca.issuedCertificate(serial).map(c -> c.getSubjectX500Principal().getName()).orElse("?");
            if (ca.isRevoked(serial)) {
                out().println("already revoked: serial " + serial.toString(16) + " (" + subject + ")");
            } else {
                ca.revoke(serial, now, reason);
                out().println("revoked serial " + serial.toString(16) + " (" + subject + "), reason " + reason);
            }
        }
        X509CRL crl = ca.publishCrl(crlValidity);
        out().println("CRL number " + CertificateAuthority.crlNumber(crl) + " written to "
                + caDir.resolve(CertificateAuthority.CRL_FILE) + " (" + revokedCount(crl)
                + " revoked, next update " + crl.getNextUpdate().toInstant() + "); give it to the server operator");
    }

    private BigInteger knownSerial(CertificateAuthority ca, String hex) {
        BigInteger serial = parseSerial(hex);
        if (ca.issuedCertificate(serial).isEmpty()) {
            throw new PkiException("the CA in " + caDir + " has no record of serial " + serial.toString(16)
                    + " (not in " + caDir.resolve(CertificateAuthority.ISSUED_DIR) + ")");
        }
        return serial;
    }

    private List<BigInteger> officerSerials(CertificateAuthority ca) {
        List<BigInteger> serials = new ArrayList<>(ca.issuedTo(target.officerId));
        if (serials.isEmpty()) {
            throw new PkiException("the CA in " + caDir + " issued no certificate to '" + target.officerId + "'");
        }
        return serials;
    }

    private static int revokedCount(X509CRL crl) {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }

    static BigInteger parseSerial(String hex) {
        String digits = hex.strip().toLowerCase(Locale.ROOT).replace(":", "");
        if (digits.startsWith("0x")) {
            digits = digits.substring(2);
        }
        if (!digits.matches("[0-9a-f]{1,40}")) {
            throw new IllegalArgumentException("serial '" + hex + "' is not a hexadecimal number");
        }
        return new BigInteger(digits, 16);
    }
}
