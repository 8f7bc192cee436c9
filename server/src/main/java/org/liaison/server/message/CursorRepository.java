package org.liaison.server.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.identity.OfficerId;

/**
 * SQL for {@code delivery_cursors}: per device and channel, how far the device acknowledged
 * receipt and how far its officer marked the channel read. Cursors only move forward. And for
 * {@code delivered_ahead}: the events above a cursor that the device acknowledged alone because
 * they were pushed ahead of the channel's order (FLASH, IMMEDIATE).
 */
public final class CursorRepository {

  public record Cursor(long deliveredSeq, long readSeq) {}

  /** Moves the cursors forward to {@code seq} (and the read cursor too when {@code read}). */
  public Cursor advance(Connection c, OfficerId officer, String device, ChannelId channel,
      long seq, boolean read) throws SQLException {
    Cursor current = find(c, officer, device, channel);
    Cursor next = new Cursor(Math.max(current.deliveredSeq(), seq),
        read ? Math.max(current.readSeq(), seq) : current.readSeq());
    try (PreparedStatement ps = c.prepareStatement("""
        MERGE INTO delivery_cursors (officer_id, device_id, channel_id, delivered_seq, read_seq)
        KEY (officer_id, device_id, channel_id) VALUES (?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, officer.value());
      ps.setString(2, device);
      ps.setString(3, channel.value());
      ps.setLong(4, next.deliveredSeq());
      ps.setLong(5, next.readSeq());
      ps.executeUpdate();
    }
    return next;
  }

  public Cursor find(Connection c, OfficerId officer, String device, ChannelId channel)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT delivered_seq, read_seq FROM delivery_cursors
         WHERE officer_id = ? AND device_id = ? AND channel_id = ?
        """)) {
      ps.setString(1, officer.value());
      ps.setString(2, device);
      ps.setString(3, channel.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Cursor(rs.getLong(1), rs.getLong(2)) : new Cursor(0, 0);
      }
    }
  }

  /** The delivered cursor of each channel this device has acknowledged anything in. */
  public Map<ChannelId, Long> deliveredOf(Connection c, OfficerId officer, String device)
      throws SQLException {
    Map<ChannelId, Long> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT channel_id, delivered_seq FROM delivery_cursors
         WHERE officer_id = ? AND device_id = ?
        """)) {
      ps.setString(1, officer.value());
      ps.setString(2, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(new ChannelId(rs.getString(1)), rs.getLong(2));
        }
      }
    }
    return result;
  }

  /** Per officer of the channel: the furthest any of their devices got (delivered, read). */
  public Map<OfficerId, Cursor> furthestByOfficer(Connection c, ChannelId channel)
      throws SQLException {
    Map<OfficerId, Cursor> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT officer_id, MAX(delivered_seq), MAX(read_seq) FROM delivery_cursors
         WHERE channel_id = ? GROUP BY officer_id
        """)) {
      ps.setString(1, channel.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(new OfficerId(rs.getString(1)), new Cursor(rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return result;
  }

  /** Records that the device received the event at {@code seq} ahead of the channel's order. */
  public void recordAhead(Connection c, OfficerId officer, String device, ChannelId channel,
      long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        MERGE INTO delivered_ahead (officer_id, device_id, channel_id, seq)
        KEY (officer_id, device_id, channel_id, seq) VALUES (?, ?, ?, ?)
        """)) {
      ps.setString(1, officer.value());
      ps.setString(2, device);
      ps.setString(3, channel.value());
      ps.setLong(4, seq);
      ps.executeUpdate();
    }
  }

  /** Forgets the events received ahead at or below {@code seq}: the cursor covers them now. */
  public void forgetAheadUpTo(Connection c, OfficerId officer, String device, ChannelId channel,
      long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        DELETE FROM delivered_ahead
         WHERE officer_id = ? AND device_id = ? AND channel_id = ? AND seq <= ?
        """)) {
      ps.setString(1, officer.value());
      ps.setString(2, device);
      ps.setString(3, channel.value());
      ps.setLong(4, seq);
      ps.executeUpdate();
    }
  }

  /** Per channel, the events this device received ahead of the order, above its cursor. */
  public Map<ChannelId, Set<Long>> aheadOf(Connection c, OfficerId officer, String device)
      throws SQLException {
    Map<ChannelId, Set<Long>> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT channel_id, seq FROM delivered_ahead WHERE officer_id = ? AND device_id = ?
        """)) {
      ps.setString(1, officer.value());
      ps.setString(2, device);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.computeIfAbsent(new ChannelId(rs.getString(1)), k -> new HashSet<>())
              .add(rs.getLong(2));
        }
      }
    }
    return result;
  }

  /** The officers with a device that received the event at {@code seq} ahead of the order. */
  public Set<OfficerId> receivedAhead(Connection c, ChannelId channel, long seq)
      throws SQLException {
    Set<OfficerId> result = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT DISTINCT officer_id FROM delivered_ahead WHERE channel_id = ? AND seq = ?")) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new OfficerId(rs.getString(1)));
        }
      }
    }
    return result;
  }
}
