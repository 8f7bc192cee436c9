package org.liaison.server.audit;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.time.Instant;
import org.liaison.audit.AuditCertificates;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.audit.Checkpoint;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.Pem;
import org.liaison.server.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code liaison-server audit}: offline work on the audit log in a data directory. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Offline audit log tools (run while the server is stopped).",
    subcommands = AuditCommand.Verify.class)
public final class AuditCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code liaison-server audit verify --data DIR}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {
        "Recomputes the audit log's hash chain from the database files and checks every signed",
        "checkpoint. Prints OK, or every sequence number that fails and why."},
      footer = {"", "Exit codes: 0 the log verifies, 1 it does not, 2 usage error, "
          + "3 the database cannot be read."})
  public static final class Verify implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", required = true,
        description = "The server's data directory (holding liaison.mv.db).")
    Path dataDir;

    @Option(names = "--audit-certificate", paramLabel = "PEM",
        description = "Certificate(s) of the audit key(s) that sign checkpoints; repeatable.")
    List<Path> certificates = new ArrayList<>();

    @Option(names = "--operator-ca", paramLabel = "PEM",
        description = "The operator CA the audit certificates must chain to; repeatable. "
            + "Without it (or --dev) the certificates are taken as given.")
    List<Path> operatorCas = new ArrayList<>();

    @Option(names = "--dev", description = "Use the development PKI's audit certificate and "
        + "operator CA.")
    boolean dev;

    @Option(names = "--pki-dir", paramLabel = "DIR", defaultValue = "certs/dev",
        description = "Where the development PKI lives (with --dev). Default: ${DEFAULT-VALUE}.")
    Path pkiDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      List<List<X509Certificate>> chains = new ArrayList<>();
      List<X509Certificate> anchors = new ArrayList<>();
      for (Path file : certificates) {
        chains.add(Pem.readCertificates(file));
      }
      for (Path file : operatorCas) {
        anchors.addAll(Pem.readCertificates(file));
      }
      if (dev) {
        // The layout DevPki writes; verify never generates a PKI.
        chains.add(Pem.readCertificates(pkiDir.resolve("audit").resolve("cert.pem")));
        anchors.addAll(Pem.readCertificates(pkiDir.resolve("operator")
            .resolve(CertificateAuthority.CA_CERTIFICATE_FILE)));
      }
      if (chains.isEmpty()) {
        err.println("error: give --audit-certificate PEM (or --dev) to check checkpoint "
            + "signatures");
        return 2;
      }
      List<AuditEntry> entries;
      List<Checkpoint> checkpoints;
      try (Connection c = Database.openReadOnly(dataDir)) {
        AuditRepository repository = new AuditRepository();
        entries = repository.all(c);
        checkpoints = repository.checkpoints(c);
      } catch (Exception e) {
        err.println("error: cannot read the audit log in " + dataDir + ": " + e.getMessage());
        return 3;
      }
      // Certificates are judged when they signed: at the newest checkpoint's time.
      Instant signedAt = checkpoints.stream().map(c -> Instant.ofEpochMilli(c.timeMs()))
          .max(Instant::compareTo).orElseGet(Instant::now);
      List<X509Certificate> trusted = new ArrayList<>();
      for (List<X509Certificate> chain : chains) {
        if (anchors.isEmpty()) {
          trusted.add(chain.get(0));
          continue;
        }
        try {
          trusted.add(AuditCertificates.requireTrusted(chain, anchors, signedAt));
        } catch (AuditCertificates.UntrustedAuditCertificateException e) {
          out.println("FAIL audit certificate: " + e.getMessage());
          out.flush();
          return 1;
        }
      }
      if (anchors.isEmpty()) {
        err.println("note: the audit certificate's chain was not checked "
            + "(give --operator-ca PEM to check it)");
      }
      AuditVerification result = new AuditVerifier(trusted).verify(entries, checkpoints);
      print(result, out);
      return result.ok() ? 0 : 1;
    }

    static void print(AuditVerification result, java.io.PrintWriter out) {
      for (AuditFailure failure : result.failures()) {
        out.println("FAIL " + failure);
      }
      if (result.ok()) {
        out.printf("OK: %d entries (1-%d), %d checkpoint(s), newest at %d%n", result.entries(),
            result.lastSeq(), result.checkpoints(), result.lastCheckpointSeq());
        if (result.lastSeq() > result.lastCheckpointSeq()) {
          out.printf("note: entries %d-%d are after the newest checkpoint; only a checkpoint "
                  + "kept outside the server can prove they were not rewritten%n",
              result.lastCheckpointSeq() + 1, result.lastSeq());
        }
      } else {
        out.printf("FAILED: %d failure(s) in %d entries and %d checkpoint(s)%n",
            result.failures().size(), result.entries(), result.checkpoints());
      }
      out.flush();
    }
  }
}
