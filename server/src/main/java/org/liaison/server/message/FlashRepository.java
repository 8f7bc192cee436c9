package org.liaison.server.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.liaison.server.channel.ChannelId;
import org.liaison.server.identity.OfficerId;

/**
 * SQL for {@code flash_messages} (every FLASH message and its acknowledgement deadline) and
 * {@code flash_acknowledgements} (who acknowledged it, when).
 */
public final class FlashRepository {

  /** A FLASH message: escalated at {@code deadlineMs} unless settled first. */
  public record Flash(ChannelId channel, long seq, OfficerId sender, long deadlineMs) {}

  /** An officer's acknowledgement of a FLASH message and the event that says so. */
  public record Acknowledgement(long acknowledgedMs, long eventSeq) {}

  public void insert(Connection c, Flash flash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO flash_messages (channel_id, seq, sender, deadline_ms, settled)
        VALUES (?, ?, ?, ?, FALSE)
        """)) {
      ps.setString(1, flash.channel().value());
      ps.setLong(2, flash.seq());
      ps.setString(3, flash.sender().value());
      ps.setLong(4, flash.deadlineMs());
      ps.executeUpdate();
    }
  }

  /** FLASH messages not yet settled whose deadline is at or before {@code nowMs}, oldest first. */
  public List<Flash> due(Connection c, long nowMs, int limit) throws SQLException {
    List<Flash> due = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT channel_id, seq, sender, deadline_ms FROM flash_messages
         WHERE settled = FALSE AND deadline_ms <= ? ORDER BY deadline_ms LIMIT ?
        """)) {
      ps.setLong(1, nowMs);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(new Flash(new ChannelId(rs.getString(1)), rs.getLong(2),
              new OfficerId(rs.getString(3)), rs.getLong(4)));
        }
      }
    }
    return due;
  }

  /** Marks the message as dealt with: escalated, or acknowledged by everyone in time. */
  public void settle(Connection c, ChannelId channel, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE flash_messages SET settled = TRUE WHERE channel_id = ? AND seq = ?")) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      ps.executeUpdate();
    }
  }

  public void acknowledge(Connection c, ChannelId channel, long seq, OfficerId officer,
      Acknowledgement acknowledgement) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO flash_acknowledgements (channel_id, seq, officer_id, acknowledged_ms,
                                            event_seq)
        VALUES (?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      ps.setString(3, officer.value());
      ps.setLong(4, acknowledgement.acknowledgedMs());
      ps.setLong(5, acknowledgement.eventSeq());
      ps.executeUpdate();
    }
  }

  /** Who acknowledged the FLASH message, and when. */
  public Map<OfficerId, Acknowledgement> acknowledgements(Connection c, ChannelId channel,
      long seq) throws SQLException {
    Map<OfficerId, Acknowledgement> result = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT officer_id, acknowledged_ms, event_seq FROM flash_acknowledgements
         WHERE channel_id = ? AND seq = ?
        """)) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.put(new OfficerId(rs.getString(1)),
              new Acknowledgement(rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return result;
  }

  public Optional<Acknowledgement> acknowledgement(Connection c, ChannelId channel, long seq,
      OfficerId officer) throws SQLException {
    return Optional.ofNullable(acknowledgements(c, channel, seq).get(officer));
  }
}
