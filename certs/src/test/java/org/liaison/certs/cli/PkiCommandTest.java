package org.liaison.certs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.Pem;
import org.liaison.certs.PkiCommand;
import org.liaison.certs.TrustConfigFile;
import org.liaison.certs.TrustEntry;
import picocli.CommandLine;

class PkiCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new PkiCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void devInitGeneratesOnceThenSaysItIsPresent() throws Exception {
        String dir = tmp.resolve("dev").toString();

        Run first = run("dev-init", "--dir", dir);
        byte[] key = Files.readAllBytes(tmp.resolve("dev/agencies/es-cnp/ca.key.pem"));
        Run second = run("dev-init", "--dir", dir);

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("generated the development PKI")
                .contains("fr-pn.claire.martin").contains("trust.properties");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("development PKI already present at " + dir + " (use --force to regenerate)");
        assertThat(Files.readAllBytes(tmp.resolve("dev/agencies/es-cnp/ca.key.pem"))).isEqualTo(key);
    }

    @Test
    void caInitRefusesToReplaceAnExistingCa() {
        String dir = tmp.resolve("fr-pn").toString();

        Run first = run("ca", "init", "--dir", dir, "--code", "fr-pn", "--nation", "FR", "--name", "Police nationale");
        Run second = run("ca", "init", "--dir", dir, "--code", "fr-pn", "--nation", "FR", "--name", "Police nationale");

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("refusing to overwrite");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run().exitCode()).isEqualTo(2);
        assertThat(run("ca", "init", "--dir", tmp.toString()).exitCode()).isEqualTo(2);
        assertThat(run("bogus").exitCode()).isEqualTo(2);
        Run invalid = run("ca", "init", "--dir", tmp.resolve("x").toString(), "--code", "FR PN", "--nation", "FR",
                "--name", "x");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("agency code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dev-init", "ca init", "issue officer", "issue server", "revoke", "crl", "trust add",
            "trust list"})
    void everyCommandHasHelp(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");

        Run help = run(args.toArray(String[]::new));

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: liaison-pki");
    }

    @Test
    void agencyWorkflowFromCaToRevocationAndTrust() throws Exception {
        Path capw = tmp.resolve("ca.pass");
        Files.writeString(capw, "a long agency passphrase\n");
        String ops = tmp.resolve("ops").toString();
        String frpn = tmp.resolve("fr-pn").toString();
        String profile = tmp.resolve("profiles/claire").toString();
        assertThat(run("ca", "init", "--dir", ops, "--code", "liaison-ops", "--nation", "FR", "--name", "Liaison Operator")
                .exitCode()).isZero();
        assertThat(run("ca", "init", "--dir", frpn, "--code", "fr-pn", "--nation", "FR", "--name", "Police nationale",
                "--ca-password-file", capw.toString()).exitCode()).isZero();

        Run issued = run("issue", "officer", "--ca-dir", frpn, "--ca-password-file", capw.toString(),
                "--id", "fr-pn.claire.martin", "--role", "officer", "--role", "supervisor", "--out", profile,
                "--server-ca", ops + "/ca.pem", "--server", "liaison.example:7443");
        Run foreign = run("issue", "officer", "--ca-dir", frpn, "--ca-password-file", capw.toString(),
                "--id", "ma-dgsn.karim.benali", "--role", "officer", "--out", tmp.resolve("profiles/karim").toString(),
                "--server-ca", ops + "/ca.pem");
        Run server = run("issue", "server", "--ca-dir", ops, "--dns", "liaison.example", "--ip", "127.0.0.1",
                "--out", tmp.resolve("server").toString());
        Run revoked = run("revoke", "--ca-dir", frpn, "--ca-password-file", capw.toString(),
                "--officer", "fr-pn.claire.martin", "--reason", "keyCompromise");
        Run renewed = run("crl", "--ca-dir", frpn, "--ca-password-file", capw.toString(), "--days", "7");
        Run trusted = run("trust", "add", "--trust", tmp.resolve("server/trust.properties").toString(), "--ca-dir", frpn);
        Run operatorTrusted = run("trust", "add", "--trust", tmp.resolve("server/trust.properties").toString(), "--ca-dir", ops);

        assertThat(issued.exitCode()).as(issued.err()).isZero();
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err()).contains("does not start with 'fr-pn.'");
        assertThat(tmp.resolve("profiles/karim")).doesNotExist();
        assertThat(server.exitCode()).as(server.err()).isZero();
        assertThat(Pem.readCertificates(tmp.resolve("server/cert.pem"))).hasSize(2);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        assertThat(renewed.exitCode()).as(renewed.err()).isZero();
        BigInteger serial = Pem.readCertificate(Path.of(profile, "cert.pem")).getSerialNumber();
        X509CRL crl = Pem.readCrl(Path.of(frpn, "crl.pem"));
        assertThat(crl.getRevokedCertificate(serial)).isNotNull();
        assertThat(CertificateAuthority.crlNumber(crl)).isEqualTo(3);
        assertThat(trusted.exitCode()).as(trusted.err()).isZero();
        assertThat(operatorTrusted.exitCode()).isEqualTo(1);
        List<TrustEntry> trust = TrustConfigFile.read(tmp.resolve("server/trust.properties"));
        assertThat(trust).singleElement().satisfies(e -> assertThat(e.agency().officerPrefix()).isEqualTo("fr-pn."));
        String password = Files.readString(Path.of(profile, "identity.pass"));
        for (Run each : List.of(issued, foreign, server, revoked, renewed, trusted)) {
            assertThat(each.out() + each.err()).doesNotContain(password).doesNotContain("a long agency passphrase")
                    .doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void revokingAnUnknownSerialIsRefused() {
        String frpn = tmp.resolve("fr-pn").toString();
        run("ca", "init", "--dir", frpn, "--code", "fr-pn", "--nation", "FR", "--name", "Police nationale");

        Run unknown = run("revoke", "--ca-dir", frpn, "--serial", "0a:bc");
        Run notHex = run("revoke", "--ca-dir", frpn, "--serial", "xyz");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no record of serial abc");
        assertThat(notHex.exitCode()).isEqualTo(2);
    }
}
