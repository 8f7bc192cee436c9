package org.liaison.server.channel;

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
import org.liaison.proto.v1.ChannelKind;
import org.liaison.proto.v1.MemberRole;
import org.liaison.markings.Markings;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.markings.StoredMarkings;

/**
 * SQL for the {@code channels} and {@code channel_members} tables. Every method runs on the
 * connection it is given, so callers compose them into one transaction.
 */
public final class ChannelRepository {
  private static final String CHANNEL_COLUMNS =
      "channel_id, kind, name, purpose, created_by, created_at, archived, last_seq,"
          + " membership_index, ceiling, default_markings";

  public void insert(Connection c, ChannelRecord channel, String directKey) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO channels (channel_id, kind, name, purpose, direct_key, created_by, created_at,
                              archived, last_seq, membership_index, ceiling,
                              default_markings)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, channel.id().value());
      ps.setString(2, kindName(channel.kind()));
      ps.setString(3, channel.name());
      ps.setString(4, channel.purpose());
      ps.setString(5, directKey);
      ps.setString(6, channel.createdBy());
      ps.setObject(7, OffsetDateTime.ofInstant(channel.createdAt(), ZoneOffset.UTC));
      ps.setBoolean(8, channel.archived());
      ps.setLong(9, channel.lastSeq());
      ps.setLong(10, channel.membershipIndex());
      ps.setInt(11, Markings.rank(channel.ceiling()));
      ps.setBytes(12, channel.defaultMarkings().toByteArray());
      ps.executeUpdate();
    }
  }

  public Optional<ChannelRecord> find(Connection c, ChannelId id) throws SQLException {
    return findWhere(c, "SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE channel_id = ?",
        id.value());
  }

  /** Reads the channel and locks its row until the transaction ends (sequence assignment). */
  public Optional<ChannelRecord> lock(Connection c, ChannelId id) throws SQLException {
    return findWhere(c,
        "SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE channel_id = ? FOR UPDATE",
        id.value());
  }

  public Optional<ChannelRecord> findDirect(Connection c, String directKey) throws SQLException {
    return findWhere(c, "SELECT " + CHANNEL_COLUMNS + " FROM channels WHERE direct_key = ?",
        directKey);
  }

  public void updateLastSeq(Connection c, ChannelId id, long lastSeq) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE channels SET last_seq = ? WHERE channel_id = ?")) {
      ps.setLong(1, lastSeq);
      ps.setString(2, id.value());
      ps.executeUpdate();
    }
  }

  public void archive(Connection c, ChannelId id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE channels SET archived = TRUE WHERE channel_id = ?")) {
      ps.setString(1, id.value());
      ps.executeUpdate();
    }
  }

  /** The channels the officer is currently a member of. */
  public List<ChannelRecord> channelsOf(Connection c, OfficerId officer, boolean includeArchived)
      throws SQLException {
    String sql = "SELECT " + prefixed("c.") + """
         FROM channels c JOIN channel_members m ON m.channel_id = c.channel_id
        WHERE m.officer_id = ? AND m.until_seq IS NULL
        """ + (includeArchived ? "" : " AND c.archived = FALSE") + " ORDER BY c.created_at";
    List<ChannelRecord> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, officer.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(channel(rs));
        }
      }
    }
    return result;
  }

  public void addMember(Connection c, Membership m) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO channel_members (channel_id, officer_id, since_seq, until_seq, role)
        VALUES (?, ?, ?, NULL, ?)
        """)) {
      ps.setString(1, m.channel().value());
      ps.setString(2, m.officer().value());
      ps.setLong(3, m.sinceSeq());
      ps.setString(4, roleName(m.role()));
      ps.executeUpdate();
    }
  }

  public void endMembership(Connection c, ChannelId channel, OfficerId officer, long untilSeq)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE channel_members SET until_seq = ?
         WHERE channel_id = ? AND officer_id = ? AND until_seq IS NULL
        """)) {
      ps.setLong(1, untilSeq);
      ps.setString(2, channel.value());
      ps.setString(3, officer.value());
      ps.executeUpdate();
    }
  }

  public void setRole(Connection c, ChannelId channel, OfficerId officer, MemberRole role)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE channel_members SET role = ?
         WHERE channel_id = ? AND officer_id = ? AND until_seq IS NULL
        """)) {
      ps.setString(1, roleName(role));
      ps.setString(2, channel.value());
      ps.setString(3, officer.value());
      ps.executeUpdate();
    }
  }

  /** The officer's current membership of the channel, if any. */
  public Optional<Membership> currentMembership(Connection c, ChannelId channel,
      OfficerId officer) throws SQLException {
    List<Membership> found = memberships(c, """
        SELECT channel_id, officer_id, role, since_seq, until_seq FROM channel_members
         WHERE channel_id = ? AND officer_id = ? AND until_seq IS NULL
        """, channel.value(), officer.value());
    return found.stream().findFirst();
  }

  /** Whether the officer was ever a member of the channel. */
  public boolean wasEverMember(Connection c, ChannelId channel, OfficerId officer)
      throws SQLException {
    return !memberships(c, """
        SELECT channel_id, officer_id, role, since_seq, until_seq FROM channel_members
         WHERE channel_id = ? AND officer_id = ?
        """, channel.value(), officer.value()).isEmpty();
  }

  public List<Membership> currentMembers(Connection c, ChannelId channel) throws SQLException {
    return memberships(c, """
        SELECT channel_id, officer_id, role, since_seq, until_seq FROM channel_members
         WHERE channel_id = ? AND until_seq IS NULL ORDER BY since_seq
        """, channel.value());
  }

  /** Everyone who was a member when the event {@code seq} happened. */
  public List<Membership> membersAt(Connection c, ChannelId channel, long seq)
      throws SQLException {
    return memberships(c, """
        SELECT channel_id, officer_id, role, since_seq, until_seq FROM channel_members
         WHERE channel_id = ? AND since_seq <= ? AND (until_seq IS NULL OR until_seq >= ?)
        """, channel.value(), seq, seq);
  }

  /** Every period of membership the officer has or had, in all channels. */
  public List<Membership> membershipsOf(Connection c, OfficerId officer) throws SQLException {
    return memberships(c, """
        SELECT channel_id, officer_id, role, since_seq, until_seq FROM channel_members
         WHERE officer_id = ?
        """, officer.value());
  }

  private static List<Membership> memberships(Connection c, String sql, Object... args)
      throws SQLException {
    List<Membership> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new Membership(new ChannelId(rs.getString(1)),
              new OfficerId(rs.getString(2)), role(rs.getString(3)), rs.getLong(4),
              rs.getLong(5)));
        }
      }
    }
    return result;
  }

  private static Optional<ChannelRecord> findWhere(Connection c, String sql, String key)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(channel(rs)) : Optional.empty();
      }
    }
  }

  private static ChannelRecord channel(ResultSet rs) throws SQLException {
    return new ChannelRecord(new ChannelId(rs.getString(1)), kind(rs.getString(2)),
        rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getBoolean(7), rs.getLong(8),
        rs.getLong(9), StoredMarkings.classification(rs.getInt(10)),
        StoredMarkings.parse(rs.getBytes(11)));
  }

  private static String prefixed(String alias) {
    return alias + CHANNEL_COLUMNS.replace(", ", ", " + alias);
  }

  private static String kindName(ChannelKind kind) {
    return kind == ChannelKind.CHANNEL_KIND_DIRECT ? "DIRECT" : "GROUP";
  }

  private static ChannelKind kind(String name) {
    return "DIRECT".equals(name) ? ChannelKind.CHANNEL_KIND_DIRECT : ChannelKind.CHANNEL_KIND_GROUP;
  }

  private static String roleName(MemberRole role) {
    return role == MemberRole.MEMBER_ROLE_SUPERVISOR ? "SUPERVISOR" : "MEMBER";
  }

  private static MemberRole role(String name) {
    return "SUPERVISOR".equals(name) ? MemberRole.MEMBER_ROLE_SUPERVISOR
        : MemberRole.MEMBER_ROLE_MEMBER;
  }

}
