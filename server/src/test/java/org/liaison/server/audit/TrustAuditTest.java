package org.liaison.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.server.testing.ServiceCalls.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.audit.AuditEntry;
import org.liaison.certs.CertificateAuthority;
import org.liaison.server.identity.TrustedAgency;
import org.liaison.server.testing.StorageWorld;
import org.liaison.server.testing.TestDevice;

/** Changes of an agency's CRL, taken into use without a restart, are written to the audit log once. */
class TrustAuditTest {
  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  @Test
  void aNewCrlIsAuditedOnceAndAnUnusableOneToo() throws Exception {
    TestDevice karim = world.device("ma-dgsn.karim.benali", "desk");
    TrustAudit trustAudit = new TrustAudit(world.trust(), world.audit());
    await(trustAudit.checkNow());
    assertThat(trustEntries()).as("the state at start is the baseline").isEmpty();

    world.revoke(karim);
    await(trustAudit.checkNow());
    await(trustAudit.checkNow());
    List<AuditEntry> loaded = trustEntries();
    assertThat(loaded).hasSize(1);
    assertThat(loaded.get(0).action()).isEqualTo(AuditAction.TRUST_CRL_LOADED);
    assertThat(loaded.get(0).target()).isEqualTo("ma-dgsn");
    assertThat(loaded.get(0).details()).contains("revoked=1");

    TrustedAgency morocco = world.trust().agencies().stream()
        .filter(a -> a.agency().code().equals("ma-dgsn")).findFirst().orElseThrow();
    Path file = world.dataDir().getParent().resolve("agencies/ma-dgsn")
        .resolve(CertificateAuthority.CRL_FILE);
    Files.writeString(file, "not a CRL");
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    await(trustAudit.checkNow());
    assertThat(trustEntries()).extracting(AuditEntry::action)
        .containsExactly(AuditAction.TRUST_CRL_LOADED, AuditAction.TRUST_CRL_UNUSABLE);
    assertThat(morocco.crlInUse()).isEmpty();
    trustAudit.close();
  }

  private List<AuditEntry> trustEntries() throws Exception {
    try (var c = world.connection()) {
      return new AuditRepository().all(c).stream()
          .filter(e -> e.action().startsWith("trust.")).toList();
    }
  }
}
