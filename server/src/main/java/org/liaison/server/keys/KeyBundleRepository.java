package org.liaison.server.keys;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.storage.StorageException;

/** SQL for {@code key_bundles}. Methods run on the caller's connection (transaction). */
public final class KeyBundleRepository {

  /** The device's current bundle's key digest, if it has one. */
  public Optional<String> currentDigest(Connection c, String officerId, String deviceId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT key_digest FROM key_bundles
         WHERE officer_id = ? AND device_id = ? AND superseded_at IS NULL
        """)) {
      ps.setString(1, officerId);
      ps.setString(2, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Stores a new current bundle for the device, superseding the previous one. */
  public void replaceCurrent(Connection c, KeyBundleCheck.Checked checked, Instant now)
      throws SQLException {
    var bundle = checked.bundle();
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE key_bundles SET superseded_at = ?
         WHERE officer_id = ? AND device_id = ? AND superseded_at IS NULL
        """)) {
      ps.setObject(1, time(now));
      ps.setString(2, bundle.getOfficerId());
      ps.setString(3, bundle.getDeviceId());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO key_bundles (officer_id, device_id, signed_bundle, key_digest, created_at,
                                 expires_at, published_at, superseded_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
        """)) {
      ps.setString(1, bundle.getOfficerId());
      ps.setString(2, bundle.getDeviceId());
      ps.setBytes(3, checked.signed().toByteArray());
      ps.setString(4, checked.keyDigest());
      ps.setObject(5, time(Instant.ofEpochMilli(bundle.getCreatedMs())));
      ps.setObject(6, time(Instant.ofEpochMilli(bundle.getExpiresMs())));
      ps.setObject(7, time(now));
      ps.executeUpdate();
    }
  }

  /** The current, unexpired bundles of every device of the officer. */
  public List<SignedKeyBundle> current(Connection c, String officerId, Instant now)
      throws SQLException {
    List<SignedKeyBundle> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT signed_bundle FROM key_bundles
         WHERE officer_id = ? AND superseded_at IS NULL AND expires_at > ?
         ORDER BY device_id
        """)) {
      ps.setString(1, officerId);
      ps.setObject(2, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(parse(rs.getBytes(1)));
        }
      }
    }
    return result;
  }

  private static SignedKeyBundle parse(byte[] stored) {
    try {
      return SignedKeyBundle.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException("reading a stored key bundle", e);
    }
  }

  private static OffsetDateTime time(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
