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
import org.liaison.proto.v1.Classification;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.server.markings.StoredMarkings;
import org.liaison.server.officer.JdbcOfficerRepository;
import org.liaison.server.storage.StorageException;

/** SQL for {@code key_bundles}. Methods run on the caller's connection (transaction). */
public final class KeyBundleRepository {

  /** The device's current bundle: its key digest and signed bytes. */
  public record CurrentBundle(String keyDigest, byte[] signedBytes) {}

  /** The device's current bundle (expired or not), if it has one. */
  public Optional<CurrentBundle> currentBundle(Connection c, String officerId, String deviceId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT key_digest, signed_bundle FROM key_bundles
         WHERE officer_id = ? AND device_id = ? AND superseded_at IS NULL
        """)) {
      ps.setString(1, officerId);
      ps.setString(2, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new CurrentBundle(rs.getString(1), rs.getBytes(2)))
            : Optional.empty();
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

  /** A current, unexpired bundle as stored: its row id names it in trust caches. */
  public record StoredBundle(long bundleId, String officerId, String deviceId,
      SignedKeyBundle signed) {}

  /**
   * A device with a current bundle, with its officer's nation and clearance (from the officers
   * table: their certificate at their last login) for deciding what it may receive.
   */
  public record CurrentDevice(long bundleId, String officerId, String deviceId, String nation,
      Classification clearance, Instant expiresAt) {}

  /** The current, unexpired bundles of every device of the officer, by device. */
  public List<StoredBundle> current(Connection c, String officerId, Instant now)
      throws SQLException {
    List<StoredBundle> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT bundle_id, officer_id, device_id, signed_bundle FROM key_bundles
         WHERE officer_id = ? AND superseded_at IS NULL AND expires_at > ?
         ORDER BY device_id
        """)) {
      ps.setString(1, officerId);
      ps.setObject(2, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new StoredBundle(rs.getLong(1), rs.getString(2), rs.getString(3),
              parse(rs.getBytes(4))));
        }
      }
    }
    return result;
  }

  /** Every bundle the officer's devices ever published, current ones included, newest first. */
  public List<StoredBundle> all(Connection c, String officerId) throws SQLException {
    List<StoredBundle> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT bundle_id, officer_id, device_id, signed_bundle FROM key_bundles
         WHERE officer_id = ?
         ORDER BY device_id, bundle_id DESC
        """)) {
      ps.setString(1, officerId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new StoredBundle(rs.getLong(1), rs.getString(2), rs.getString(3),
              parse(rs.getBytes(4))));
        }
      }
    }
    return result;
  }

  /** The device's current bundle, if it has one that has not expired. */
  public Optional<StoredBundle> currentOfDevice(Connection c, String officerId, String deviceId,
      Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT bundle_id, officer_id, device_id, signed_bundle FROM key_bundles
         WHERE officer_id = ? AND device_id = ? AND superseded_at IS NULL AND expires_at > ?
        """)) {
      ps.setString(1, officerId);
      ps.setString(2, deviceId);
      ps.setObject(3, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new StoredBundle(rs.getLong(1), rs.getString(2), rs.getString(3),
                parse(rs.getBytes(4))))
            : Optional.empty();
      }
    }
  }

  /**
   * Every device with a current, unexpired bundle of every current member of the channel, sorted
   * by officer then device: one query, and no bundle bytes (the caller fetches those only for
   * bundles whose trust it does not know yet).
   */
  public List<CurrentDevice> currentOfChannelMembers(Connection c, String channelId, Instant now)
      throws SQLException {
    List<CurrentDevice> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT b.bundle_id, b.officer_id, b.device_id, o.nation, o.clearance, b.expires_at
          FROM channel_members m
          JOIN key_bundles b ON b.officer_id = m.officer_id
          JOIN officers o ON o.officer_id = m.officer_id
         WHERE m.channel_id = ? AND m.until_seq IS NULL
           AND b.superseded_at IS NULL AND b.expires_at > ?
         ORDER BY b.officer_id, b.device_id
        """)) {
      ps.setString(1, channelId);
      ps.setObject(2, time(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(currentDevice(rs));
        }
      }
    }
    return result;
  }

  /**
   * The current, unexpired bundles of the channel's audit recipients
   * ({@link JdbcOfficerRepository#AUDITORS_OF_CHANNEL}), by officer then device.
   */
  public List<CurrentDevice> currentOfChannelAuditors(Connection c, String channelId,
      Instant now) throws SQLException {
    List<CurrentDevice> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT b.bundle_id, b.officer_id, b.device_id, a.nation, a.clearance, b.expires_at
          FROM officers a
          JOIN key_bundles b ON b.officer_id = a.officer_id
         WHERE b.superseded_at IS NULL AND b.expires_at > ? AND """
        + JdbcOfficerRepository.AUDITORS_OF_CHANNEL + " ORDER BY b.officer_id, b.device_id")) {
      ps.setObject(1, time(now));
      ps.setString(2, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(currentDevice(rs));
        }
      }
    }
    return result;
  }

  private static CurrentDevice currentDevice(ResultSet rs) throws SQLException {
    return new CurrentDevice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        StoredMarkings.classification(rs.getInt(5)),
        rs.getObject(6, OffsetDateTime.class).toInstant());
  }

  /** The stored bytes of one bundle row. */
  public SignedKeyBundle signedBundle(Connection c, long bundleId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT signed_bundle FROM key_bundles WHERE bundle_id = ?")) {
      ps.setLong(1, bundleId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no key bundle " + bundleId);
        }
        return parse(rs.getBytes(1));
      }
    }
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
