package org.liaison.server.channel;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.Markings;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.Precedences;
import org.liaison.server.markings.StoredMarkings;
import org.liaison.server.storage.StorageException;

/**
 * SQL for {@code channel_events}: the ordered stream of each channel. Reads for an officer return
 * only the events that happened while they were a member.
 */
public final class EventRepository {
  // An event is visible to an officer if it falls in one of their periods of membership, and,
  // for an event meant for supervisors only (an escalation), if they supervise the channel or
  // are the one officer it is also for, and, for a marked event (message, task), if they may see
  // its markings. Every read path for officers goes through this one condition.
  private static final String MAY_SEE = " e.seq >= m.since_seq"
      + " AND (m.until_seq IS NULL OR e.seq <= m.until_seq)"
      + " AND (e.audience IS NULL OR m.role = 'SUPERVISOR' OR e.also_for = m.officer_id)"
      + " AND " + StoredMarkings.visible("e", "o") + " ";
  private static final String VISIBLE = """
      EXISTS (SELECT 1 FROM channel_members m JOIN officers o ON o.officer_id = m.officer_id
               WHERE m.channel_id = e.channel_id AND m.officer_id = ? AND""" + MAY_SEE + ")";

  public void append(Connection c, ChannelEvent event, String messageId) throws SQLException {
    append(c, event, messageId, null, EventAudience.MEMBERS, null);
  }

  /**
   * @param messageId the client's message id for messages, else null
   * @param taskId the task a task event belongs to, else null
   * @param markings who may see it (a message's or its task's markings); null for events
   *     without markings, which every member in the audience sees
   */
  public void append(Connection c, ChannelEvent event, String messageId, String taskId,
      EventAudience audience, Markings markings) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO channel_events (channel_id, seq, kind, actor, message_id, created_at, event,
                                    task_id, audience, classification, releasable_to,
                                    also_for, precedence)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, event.getChannelId());
      ps.setLong(2, event.getSeq());
      ps.setString(3, event.getKindCase().name());
      ps.setString(4, event.getActor());
      ps.setString(5, messageId);
      ps.setObject(6, OffsetDateTime.ofInstant(Instant.ofEpochMilli(event.getTimeMs()),
          ZoneOffset.UTC));
      ps.setBytes(7, event.toByteArray());
      ps.setString(8, taskId);
      ps.setString(9, audience.column());
      StoredMarkings.bind(ps, 10, markings);
      ps.setString(12, audience.alsoForColumn());
      // Only messages and task steps are delivered ahead, not what is said about them.
      Markings own = Precedences.markingsOf(event);
      ps.setObject(13, own == null ? null : Precedences.rank(own.getPrecedence()),
          java.sql.Types.SMALLINT);
      ps.executeUpdate();
    }
  }

  /**
   * The officers who may see the stored event: members when it happened, in its audience, who
   * may see its markings. Whom it is pushed to live, by the same rule as every read.
   */
  public Set<OfficerId> audience(Connection c, ChannelId channel, long seq) throws SQLException {
    Set<OfficerId> officers = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT m.officer_id FROM channel_events e
          JOIN channel_members m ON m.channel_id = e.channel_id
          JOIN officers o ON o.officer_id = m.officer_id
         WHERE e.channel_id = ? AND e.seq = ? AND""" + MAY_SEE)) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          officers.add(new OfficerId(rs.getString(1)));
        }
      }
    }
    return officers;
  }

  /**
   * A task's events, oldest first: its transitions, and its escalations when
   * {@code withSupervisorEvents}.
   */
  public List<ChannelEvent> ofTask(Connection c, ChannelId channel, String taskId,
      boolean withSupervisorEvents) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT event FROM channel_events
         WHERE channel_id = ? AND task_id = ? AND (audience IS NULL OR ?)
         ORDER BY seq
        """)) {
      ps.setString(1, channel.value());
      ps.setString(2, taskId);
      ps.setBoolean(3, withSupervisorEvents);
      return events(ps);
    }
  }

  /** The stored event, whoever may see it (for the server's own checks, never served as is). */
  public Optional<ChannelEvent> find(Connection c, ChannelId channel, long seq)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT event FROM channel_events WHERE channel_id = ? AND seq = ?")) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getBytes(1))) : Optional.empty();
      }
    }
  }

  /** The sequence number of a message already stored under this client message id. */
  public Optional<Long> seqOfMessage(Connection c, ChannelId channel, String messageId)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq FROM channel_events WHERE channel_id = ? AND message_id = ?")) {
      ps.setString(1, channel.value());
      ps.setString(2, messageId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Events after {@code afterSeq} that the officer may see, oldest first. */
  public List<ChannelEvent> visibleAfter(Connection c, OfficerId officer, ChannelId channel,
      long afterSeq, int limit) throws SQLException {
    return read(c, "SELECT e.event FROM channel_events e WHERE e.channel_id = ? AND e.seq > ? AND "
        + VISIBLE + " ORDER BY e.seq LIMIT ?", channel, afterSeq, officer, limit);
  }

  /**
   * The urgent events (precedence {@code minRank} or above) after {@code afterSeq} that the
   * officer may see and the device has not acknowledged alone, most urgent first, then oldest
   * first: what is delivered ahead of the channel's order.
   */
  public List<ChannelEvent> urgentAfter(Connection c, OfficerId officer, String device,
      ChannelId channel, long afterSeq, int minRank, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT e.event FROM channel_events e"
        + " WHERE e.channel_id = ? AND e.precedence >= ? AND e.seq > ? AND " + VISIBLE
        + " AND NOT EXISTS (SELECT 1 FROM delivered_ahead d WHERE d.officer_id = ?"
        + " AND d.device_id = ? AND d.channel_id = e.channel_id AND d.seq = e.seq)"
        + " ORDER BY e.precedence DESC, e.seq LIMIT ?")) {
      ps.setString(1, channel.value());
      ps.setInt(2, minRank);
      ps.setLong(3, afterSeq);
      ps.setString(4, officer.value());
      ps.setString(5, officer.value());
      ps.setString(6, device);
      ps.setInt(7, limit);
      return events(ps);
    }
  }

  /**
   * The FLASH messages the officer has yet to acknowledge: sent by someone else while the officer
   * was a member, visible to them, in channels they are still a member of; oldest first.
   */
  public List<ChannelEvent> flashPendingFor(Connection c, OfficerId officer, int limit)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT e.event FROM flash_messages f"
        + " JOIN channel_events e ON e.channel_id = f.channel_id AND e.seq = f.seq"
        + " WHERE f.sender <> ?"
        + " AND NOT EXISTS (SELECT 1 FROM flash_acknowledgements a WHERE a.channel_id ="
        + " f.channel_id AND a.seq = f.seq AND a.officer_id = ?)"
        + " AND EXISTS (SELECT 1 FROM channel_members now WHERE now.channel_id = f.channel_id"
        + " AND now.officer_id = ? AND now.until_seq IS NULL)"
        + " AND " + VISIBLE + " ORDER BY e.created_at, e.channel_id, e.seq LIMIT ?")) {
      for (int i = 1; i <= 4; i++) {
        ps.setString(i, officer.value());
      }
      ps.setInt(5, limit);
      return events(ps);
    }
  }

  /** The newest events before {@code beforeSeq} that the officer may see, oldest first. */
  public List<ChannelEvent> visibleBefore(Connection c, OfficerId officer, ChannelId channel,
      long beforeSeq, int limit) throws SQLException {
    List<ChannelEvent> newestFirst = read(c, "SELECT e.event FROM channel_events e"
        + " WHERE e.channel_id = ? AND e.seq < ? AND " + VISIBLE + " ORDER BY e.seq DESC LIMIT ?",
        channel, beforeSeq, officer, limit);
    List<ChannelEvent> oldestFirst = new ArrayList<>(newestFirst);
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  /**
   * The channel's message and task events after {@code afterSeq}, oldest first, whoever may see
   * them: for auditors, who then keep only those sealed for them.
   */
  public List<ChannelEvent> bodiesAfter(Connection c, ChannelId channel, long afterSeq,
      int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT event FROM channel_events
         WHERE channel_id = ? AND seq > ? AND kind IN ('MESSAGE', 'TASK')
         ORDER BY seq LIMIT ?
        """)) {
      ps.setString(1, channel.value());
      ps.setLong(2, afterSeq);
      ps.setInt(3, limit);
      return events(ps);
    }
  }

  private static List<ChannelEvent> read(Connection c, String sql, ChannelId channel, long seq,
      OfficerId officer, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, channel.value());
      ps.setLong(2, seq);
      ps.setString(3, officer.value());
      ps.setInt(4, limit);
      return events(ps);
    }
  }

  /** Runs the query; its first column is the stored event. Oldest first as the query orders. */
  private static List<ChannelEvent> events(PreparedStatement ps) throws SQLException {
    List<ChannelEvent> events = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        events.add(parse(rs.getBytes(1)));
      }
    }
    return events;
  }

  private static ChannelEvent parse(byte[] stored) {
    try {
      return ChannelEvent.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException("reading a stored channel event", e);
    }
  }
}
