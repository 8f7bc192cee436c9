package org.liaison.server.keys;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.TrustVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the trust configuration still accepts the certificate a stored key bundle was signed
 * with: the one rule for serving a bundle and for expecting a device among a message's
 * recipients.
 *
 * <p>Answers are remembered per bundle row (rows never change) so that a message to a large
 * channel does not parse and verify every member's certificate again. An answer is dropped when
 * it expires (certificate, CA or CRL validity; see {@link AgencyTrust#verdict}) or when the
 * revocation state changes ({@link AgencyTrust#revision}, polled at most once per
 * {@code crlPoll}); while an agency has no usable CRL nothing is remembered.
 */
public final class TrustedBundles {
  private static final Logger log = LoggerFactory.getLogger(TrustedBundles.class);
  /** Past this many remembered answers the cache starts over rather than grow without bound. */
  static final int MAX_REMEMBERED = 200_000;

  /** Reads a bundle's bytes, only when its answer is not remembered. */
  @FunctionalInterface
  public interface Loader {
    SignedKeyBundle load() throws SQLException;
  }

  private record Remembered(TrustVerdict verdict, long revision) {}

  private final AgencyTrust trust;
  private final Clock clock;
  private final long pollNanos;
  private final ConcurrentMap<Long, Remembered> answers = new ConcurrentHashMap<>();
  private volatile long revision;
  private volatile long polledAt;
  private volatile boolean polled;

  /**
   * @param crlPoll how long a check of the CRL files on disk is relied upon; zero checks them
   *     on every call
   */
  public TrustedBundles(AgencyTrust trust, Clock clock, Duration crlPoll) {
    this.trust = trust;
    this.clock = clock;
    this.pollNanos = crlPoll.toNanos();
  }

  /** Whether the bundle stored as row {@code bundleId} may be served and sealed for. */
  public boolean trusted(long bundleId, Loader loader) throws SQLException {
    long current = revision();
    Instant now = clock.instant();
    Remembered known = answers.get(bundleId);
    if (known != null && known.revision() == current && current >= 0
        && known.verdict().holdsAt(now)) {
      return known.verdict().trusted();
    }
    TrustVerdict verdict = verdictOf(loader.load());
    if (current < 0) {
      // Without a usable CRL every answer is provisional; the handshake path logs why.
      return verdict.trusted();
    }
    if (answers.size() >= MAX_REMEMBERED) {
      answers.clear();
    }
    answers.put(bundleId, new Remembered(verdict, current));
    if (!verdict.trusted()) {
      log.info("key bundle {} is not served nor expected as a recipient: {}", bundleId,
          verdict.refusal());
    }
    return verdict.trusted();
  }

  /** How many answers are remembered (for tests and metrics). */
  public int remembered() {
    return answers.size();
  }

  private long revision() {
    long now = System.nanoTime();
    if (!polled || now - polledAt >= pollNanos) {
      // Read before any verdict is computed, so a remembered answer is never older than the
      // revision it is filed under.
      revision = trust.revision();
      polledAt = now;
      polled = true;
    }
    return revision;
  }

  private TrustVerdict verdictOf(SignedKeyBundle bundle) {
    if (bundle.getCertificateChainCount() == 0) {
      return TrustVerdict.refused("the bundle carries no certificate", Instant.MAX);
    }
    try {
      X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(
              bundle.getCertificateChain(0).toByteArray()));
      return trust.verdict(leaf);
    } catch (CertificateException e) {
      return TrustVerdict.refused("unreadable certificate: " + e.getMessage(), Instant.MAX);
    }
  }
}
