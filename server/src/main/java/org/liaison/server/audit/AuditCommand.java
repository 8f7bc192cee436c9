package org.liaison.server.audit;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
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

    @Option(names = "--dev", description = "Use the development PKI's audit certificate.")
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
      List<X509Certificate> trusted = new ArrayList<>();
      for (Path file : certificates) {
        trusted.add(Pem.readCertificates(file).get(0));
      }
      if (dev) {
        // The layout DevPki writes (D/audit/cert.pem); verify never generates a PKI.
        trusted.add(Pem.readCertificates(pkiDir.resolve("audit").resolve("cert.pem")).get(0));
      }
      if (trusted.isEmpty()) {
        err.println("error: give --audit-certificate PEM (or --dev) to check checkpoint "
            + "signatures");
        return 2;
      }
      AuditVerification result;
      try (Connection c = Database.openReadOnly(dataDir)) {
        result = new AuditRepository().verify(c, new AuditVerifier(trusted));
      } catch (Exception e) {
        err.println("error: cannot read the audit log in " + dataDir + ": " + e.getMessage());
        return 3;
      }
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
