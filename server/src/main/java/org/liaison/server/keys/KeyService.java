package org.liaison.server.keys;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.KeysPublished;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditEvent;
import org.liaison.server.audit.AuditLog;
import org.liaison.server.error.LiaisonException;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.session.Session;
import org.liaison.server.storage.GroupCommitter;
import org.liaison.server.storage.StorageExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key directory: stores the bundles devices publish and serves them to other officers. It
 * serves only what {@link DeviceDirectory} counts (current, unexpired bundles whose certificate
 * the trust configuration still accepts), so a revoked or expired officer's keys stop being
 * handed out as soon as the agency's CRL says so.
 */
public final class KeyService {
  private static final Logger log = LoggerFactory.getLogger(KeyService.class);
  public static final int MAX_OFFICERS_PER_REQUEST = 500;

  private final DataSource dataSource;
  private final GroupCommitter writer;
  private final StorageExecutor readers;
  private final KeyBundleRepository bundles;
  private final DeviceDirectory directory;
  private final AuditLog audit;
  private final Clock clock;

  public KeyService(DataSource dataSource, GroupCommitter writer, StorageExecutor readers,
      KeyBundleRepository bundles, DeviceDirectory directory, AuditLog audit, Clock clock) {
    this.dataSource = dataSource;
    this.writer = writer;
    this.readers = readers;
    this.bundles = bundles;
    this.directory = directory;
    this.audit = audit;
    this.clock = clock;
  }

  public CompletableFuture<KeysPublished> publish(Session session, SignedKeyBundle signed) {
    Instant now = clock.instant();
    KeyBundleCheck.Checked checked = KeyBundleCheck.check(session, signed, now);
    return writer.submit(c -> {
      var previous = bundles.currentBundle(c, session.officer().id().value(),
          session.deviceId());
      boolean sameKeys = previous.filter(p -> p.keyDigest().equals(checked.keyDigest()))
          .isPresent();
      // The same keys signed anew (renewed bundle, renewed certificate) replace the stored
      // bundle without counting as a rotation; the very same bytes change nothing.
      boolean identical = sameKeys
          && java.util.Arrays.equals(previous.get().signedBytes(), signed.toByteArray());
      if (!identical) {
        bundles.replaceCurrent(c, checked, now);
        boolean rotated = previous.isPresent() && !sameKeys;
        // The digest of the public keys identifies them; the keys themselves are not audited.
        audit.append(c, AuditEvent.of(
            rotated ? AuditAction.KEYS_ROTATED : AuditAction.KEYS_PUBLISHED,
            session.officer().id().value(), "", session.deviceId(),
            "key_digest", checked.keyDigest(),
            "same_keys_renewed", sameKeys,
            "expires_ms", checked.bundle().getExpiresMs(),
            "certificate_serial", session.certificate().getSerialNumber().toString(16)));
      }
      return KeysPublished.newBuilder().setOfficerId(session.officer().id().value())
          .setDeviceId(session.deviceId()).setRotated(previous.isPresent() && !sameKeys)
          .build();
    }, published -> log.info("{} published keys {} (rotated: {})", session,
        checked.keyDigest().substring(0, 16), published.getRotated()));
  }

  public CompletableFuture<List<SignedKeyBundle>> keysOf(List<String> officerIds) {
    return keysOf(officerIds, false);
  }

  /** The officers' current bundles; with {@code includeSuperseded}, their earlier ones too. */
  public CompletableFuture<List<SignedKeyBundle>> keysOf(List<String> officerIds,
      boolean includeSuperseded) {
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
    return readers.submit(() -> {
      try (Connection c = dataSource.getConnection()) {
        return directory.bundlesOf(c, ids, includeSuperseded);
      }
    });
  }
}
