package org.liaison.server.audit;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.liaison.audit.AuditHashes;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.TrustedAgency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes changes of the trust configuration's revocation state to the audit log: an agency
 * publishes a new CRL (taken into use without a restart) or its CRL becomes unusable (unreadable,
 * not signed by the agency CA; its officers are then refused). The state at start is the
 * baseline and is not written; each change after it is, once.
 */
public final class TrustAudit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrustAudit.class);
  static final String UNUSABLE = "unusable";

  private final AgencyTrust trust;
  private final AuditLog audit;
  private final Map<String, String> lastSeen = new HashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "liaison-trust-audit");
        thread.setDaemon(true);
        return thread;
      });

  public TrustAudit(AgencyTrust trust, AuditLog audit) {
    this.trust = trust;
    this.audit = audit;
    for (TrustedAgency agency : trust.agencies()) {
      lastSeen.put(agency.agency().code(), digest(agency.crlInUse()));
    }
  }

  /** Checks the agencies' CRL files every {@code interval}. */
  public void start(Duration interval) {
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        checkNow().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.error("could not audit a change of the trust configuration; retrying", e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Audits every agency whose CRL changed since the last check; completes once durable. */
  public synchronized CompletableFuture<Void> checkNow() {
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (TrustedAgency agency : trust.agencies()) {
      String code = agency.agency().code();
      Optional<X509CRL> crl = agency.crlInUse();
      String now = digest(crl);
      String before = lastSeen.put(code, now);
      if (now.equals(before)) {
        continue;
      }
      AuditEvent event = crl.map(c -> AuditEvent.of(AuditAction.TRUST_CRL_LOADED, "server", "",
              code, "crl_sha256", now, "previous", before, "this_update", c.getThisUpdate().toInstant(),
              "next_update", c.getNextUpdate() == null ? "" : c.getNextUpdate().toInstant(),
              "revoked", c.getRevokedCertificates() == null ? 0 : c.getRevokedCertificates().size()))
          .orElseGet(() -> AuditEvent.of(AuditAction.TRUST_CRL_UNUSABLE, "server", "", code,
              "previous", before));
      log.info("trust configuration changed: agency {} CRL {}", code, now);
      writes.add(audit.record(event).whenComplete((entry, error) -> {
        if (error != null) {
          synchronized (this) {
            // Not written: look at it again on the next check.
            lastSeen.put(code, before);
          }
        }
      }));
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  private static String digest(Optional<X509CRL> crl) {
    if (crl.isEmpty()) {
      return UNUSABLE;
    }
    try {
      return HexFormat.of().formatHex(AuditHashes.sha256(crl.get().getEncoded()));
    } catch (CRLException e) {
      return UNUSABLE;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
