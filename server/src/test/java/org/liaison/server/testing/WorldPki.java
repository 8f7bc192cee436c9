package org.liaison.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.liaison.certs.AgencySpec;
import org.liaison.certs.CertificateAuthority;
import org.liaison.certs.IssuedIdentity;
import org.liaison.certs.RevocationReason;
import org.liaison.certs.TrustEntry;
import org.liaison.proto.v1.Classification;
import org.liaison.server.audit.AuditSigner;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.TrustedAgency;

/**
 * The PKI of a {@link StorageWorld}, made by the PKI tool in the world's folder: three agency
 * CAs and the trust the server builds from their directories, and the operator CA with the
 * audit key it issued. Each officer's certificate is issued once, by their agency's CA.
 */
final class WorldPki {
  private final Clock clock;
  private final Map<String, CertificateAuthority> cas = new HashMap<>();
  private final Map<String, IssuedIdentity> identities = new HashMap<>();
  private final AgencyTrust trust;
  private final X509Certificate operatorCa;
  private final AuditSigner auditSigner;

  WorldPki(Path dir, Clock clock) throws Exception {
    this.clock = clock;
    List<TrustedAgency> agencies = new ArrayList<>();
    for (AgencySpec spec : List.of(AgencySpec.of("fr-pn", "FR", "Police nationale"),
        AgencySpec.of("ma-dgsn", "MA", "Direction Generale de la Surete Nationale"),
        AgencySpec.of("es-pn", "ES", "Policia Nacional"))) {
      CertificateAuthority ca = CertificateAuthority.create(spec, clock,
          CertificateAuthority.DEFAULT_CA_VALIDITY);
      Path caDir = dir.resolve("agencies").resolve(spec.code());
      ca.save(caDir, null, false);
      cas.put(spec.code(), ca);
      agencies.add(TrustedAgency.load(TrustEntry.fromCaDirectory(caDir)));
    }
    trust = new AgencyTrust(agencies, clock);
    // The audit key as the PKI tool issues it: from the operator CA.
    CertificateAuthority operator = CertificateAuthority.create(
        AgencySpec.of(CertificateAuthority.OPERATOR_CODE, "FR", "Liaison Operator"), clock,
        CertificateAuthority.DEFAULT_CA_VALIDITY);
    operatorCa = operator.certificate();
    var audit = operator.issueAudit(CertificateAuthority.DEFAULT_SERVER_VALIDITY);
    auditSigner = new AuditSigner(audit.privateKey(), audit.certificate());
  }

  AgencyTrust trust() {
    return trust;
  }

  /** The operator CA that issued the audit certificate. */
  X509Certificate operatorCa() {
    return operatorCa;
  }

  /** The audit key, issued by the operator CA as the PKI tool issues it. */
  AuditSigner auditSigner() {
    return auditSigner;
  }

  /**
   * The officer's certificate, issued on first use with these roles (none: "officer") and
   * clearance (null: none, so UNCLASSIFIED); later calls return the same certificate.
   */
  IssuedIdentity identity(String officerId, Classification clearance, String... roles) {
    return identities.computeIfAbsent(officerId, id ->
        ca(id).issueOfficerChecked(id, Set.of(roles.length == 0 ? new String[] {"officer"}
            : roles), clearance, Duration.ofDays(365)));
  }

  /** Revokes the officer's certificate and publishes the agency's new CRL file. */
  void revoke(String officerId, IssuedIdentity identity) throws IOException {
    CertificateAuthority ca = ca(officerId);
    ca.revoke(identity.serialNumber(), clock.instant(), RevocationReason.KEY_COMPROMISE);
    ca.publishCrl(CertificateAuthority.DEFAULT_CRL_VALIDITY);
    // File times can be coarser than two writes in a row; make the change visible for sure.
    Path crl = ca.directory().orElseThrow().resolve(CertificateAuthority.CRL_FILE);
    FileTime was = Files.getLastModifiedTime(crl);
    Files.setLastModifiedTime(crl, FileTime.from(was.toInstant().plusSeconds(1)));
  }

  private CertificateAuthority ca(String officerId) {
    return cas.entrySet().stream().filter(e -> officerId.startsWith(e.getKey() + "."))
        .map(Map.Entry::getValue).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no agency for " + officerId));
  }
}
