package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.certs.Pem;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.it.TestPki.Refused;
import org.liaison.server.audit.AuditAction;
import org.liaison.audit.AuditEntry;
import org.liaison.server.audit.AuditRepository;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.server.storage.Database;

/**
 * The real server writes start, connections accepted and refused, and stop to its audit log, ends
 * with a checkpoint signed by the dev PKI's audit key, and the log verifies offline.
 */
class AuditServerTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  @Test
  void startConnectionsAndStopAreAuditedAndTheStoppedLogVerifies() throws Exception {
    server.connect("ma-dgsn.karim.benali").ping().get(10, TimeUnit.SECONDS);
    ClientProfile revoked = server.profileAt(server.pki().refusedProfile(Refused.REVOKED));
    assertThatThrownBy(() -> LiaisonClient.connect(revoked).get(30, TimeUnit.SECONDS));
    server.logs().awaitLine("refused TLS connection from", "is revoked");
    server.stop();

    List<AuditEntry> entries;
    AuditVerification result;
    try (Connection c = Database.openReadOnly(server.dataDir())) {
      entries = new AuditRepository().all(c);
      result = new AuditRepository().verify(c, new AuditVerifier(List.of(Pem.readCertificates(
          server.pki().dev().auditCertificate()).get(0))));
    }
    server.start();

    assertThat(result.failures()).isEmpty();
    assertThat(entries.get(0).action()).isEqualTo(AuditAction.SERVER_STARTED);
    assertThat(entries.get(entries.size() - 1).action()).isEqualTo(AuditAction.SERVER_STOPPED);
    assertThat(result.lastCheckpointSeq()).isEqualTo(result.lastSeq());
    assertThat(entries).filteredOn(e -> e.action().equals(AuditAction.CONNECTION_ACCEPTED))
        .extracting(AuditEntry::actor).contains("ma-dgsn.karim.benali");
    assertThat(entries).filteredOn(e -> e.action().equals(AuditAction.CONNECTION_REFUSED))
        .extracting(AuditEntry::details).anyMatch(d -> d.contains("is revoked"));
  }
}
