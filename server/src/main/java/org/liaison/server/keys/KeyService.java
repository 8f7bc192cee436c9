package org.liaison.server.keys;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeysPublished;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.AgencyTrust;
import org.liaison.server.identity.CertificateRefusedException;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.session.Session;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key directory: stores the bundles devices publish and serves them to other officers. It
 * serves only bundles whose certificate the trust configuration still accepts, so a revoked or
 * expired officer's keys stop being handed out as soon as the agency's CRL says so.
 */
public final class KeyService {
  private static final Logger log = LoggerFactory.getLogger(KeyService.class);
  public static final int MAX_OFFICERS_PER_REQUEST = 500;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final KeyBundleRepository bundles;
  private final AgencyTrust trust;
  private final Clock clock;

  public KeyService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      KeyBundleRepository bundles, AgencyTrust trust, Clock clock) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.bundles = bundles;
    this.trust = trust;
    this.clock = clock;
  }

  public CompletableFuture<KeysPublished> publish(Session session, SignedKeyBundle signed) {
    Instant now = clock.instant();
    KeyBundleCheck.Checked checked = KeyBundleCheck.check(session, signed, now);
    return writer.submit(c -> {
      var previous = bundles.currentDigest(c, session.officer().id().value(),
          session.deviceId());
      boolean unchanged = previous.filter(checked.keyDigest()::equals).isPresent();
      if (!unchanged) {
        bundles.replaceCurrent(c, checked, now);
      }
      return KeysPublished.newBuilder().setOfficerId(session.officer().id().value())
          .setDeviceId(session.deviceId()).setRotated(previous.isPresent() && !unchanged)
          .build();
    }, published -> log.info("{} published keys {} (rotated: {})", session,
        checked.keyDigest().substring(0, 16), published.getRotated()));
  }

  public CompletableFuture<List<SignedKeyBundle>> keysOf(List<String> officerIds) {
    if (officerIds.isEmpty() || officerIds.size() > MAX_OFFICERS_PER_REQUEST) {
      throw new LiaisonException(ErrorCode.INVALID_ARGUMENT,
          "ask for the keys of 1-" + MAX_OFFICERS_PER_REQUEST + " officers");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : officerIds) {
      if (!OfficerId.isValid(id)) {
        throw new LiaisonException(ErrorCode.INVALID_ARGUMENT, "not an officer id: " + id);
      }
      ids.add(id);
    }
    Instant now = clock.instant();
    return readers.submit(() -> {
      List<SignedKeyBundle> result = new ArrayList<>();
      try (Connection c = dataSource.getConnection()) {
        for (String id : ids) {
          for (SignedKeyBundle bundle : bundles.current(c, id, now)) {
            if (stillTrusted(bundle)) {
              result.add(bundle);
            }
          }
        }
      }
      return result;
    });
  }

  private boolean stillTrusted(SignedKeyBundle bundle) {
    try {
      X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(
              bundle.getCertificateChain(0).toByteArray()));
      trust.identify(new X509Certificate[] {leaf});
      return true;
    } catch (CertificateRefusedException e) {
      log.info("not serving a key bundle any more: {}", e.getMessage());
      return false;
    } catch (CertificateException e) {
      log.warn("stored key bundle with an unreadable certificate: {}", e.getMessage());
      return false;
    }
  }
}
