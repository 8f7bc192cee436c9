package org.liaison.it;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import org.liaison.proto.v1.ChannelEvent;
import org.liaison.proto.v1.SignedStatement;

/**
 * The server's own H2 database, opened the way the server opens it (same file, same settings,
 * same credentials: see {@code org.liaison.server.storage.Database}), to play a malicious
 * operator who edits the stored rows. The in-process server and the test share one JVM, so H2
 * hands both the same open database: edits made here while the server runs are what the server
 * reads next. Only the tables' SQL is used here, never the server's classes.
 */
final class ServerDatabase implements AutoCloseable {
  private final Connection connection;

  private ServerDatabase(Connection connection) {
    this.connection = connection;
  }

  /** The JDBC URL of the database in {@code dataDir}, exactly as the server builds it. */
  static String url(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("liaison")
        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
  }

  /** Opens the database of {@code server} (running or stopped). */
  static ServerDatabase of(LiaisonServerExtension server) throws SQLException {
    return new ServerDatabase(DriverManager.getConnection(url(server.dataDir()), "liaison", ""));
  }

  Connection connection() {
    return connection;
  }

  /** The stored event {@code seq} of a channel, as the server will serve it. */
  ChannelEvent event(String channelId, long seq) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT event FROM channel_events WHERE channel_id = ? AND seq = ?")) {
      ps.setString(1, channelId);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no event #" + seq + " in " + channelId);
        }
        return ChannelEvent.parseFrom(rs.getBytes(1));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Rewrites the stored bytes of event {@code seq} of a channel. */
  ChannelEvent rewriteEvent(String channelId, long seq, UnaryOperator<ChannelEvent> change)
      throws SQLException {
    ChannelEvent changed = change.apply(event(channelId, seq));
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE channel_events SET event = ? WHERE channel_id = ? AND seq = ?")) {
      ps.setBytes(1, changed.toByteArray());
      ps.setString(2, channelId);
      ps.setLong(3, seq);
      requireOneRow(ps.executeUpdate());
    }
    return changed;
  }

  /** The channel's last sequence number. */
  long lastSeq(String channelId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT last_seq FROM channels WHERE channel_id = ?")) {
      ps.setString(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no channel " + channelId);
        }
        return rs.getLong(1);
      }
    }
  }

  /**
   * Appends an event of the server's own making to a channel's stream, at the next sequence
   * number, as if it had happened: sync and history serve it from now on (it is not pushed live).
   *
   * @return the event as stored (channel, sequence number and time filled in)
   */
  ChannelEvent appendEvent(String channelId, ChannelEvent.Builder event) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      long seq = lastSeq(channelId) + 1;
      ChannelEvent stored = event.setChannelId(channelId).setSeq(seq)
          .setTimeMs(System.currentTimeMillis()).build();
      try (PreparedStatement ps = connection.prepareStatement("""
          INSERT INTO channel_events (channel_id, seq, kind, actor, message_id, created_at, event)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          """)) {
        ps.setString(1, channelId);
        ps.setLong(2, seq);
        ps.setString(3, stored.getKindCase().name());
        ps.setString(4, stored.getActor());
        // No message id: the server would refuse a second row with one it already stored, and
        // it is only used to answer retries.
        ps.setString(5, null);
        ps.setObject(6, OffsetDateTime.ofInstant(Instant.ofEpochMilli(stored.getTimeMs()),
            ZoneOffset.UTC));
        ps.setBytes(7, stored.toByteArray());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE channels SET last_seq = ? WHERE channel_id = ?")) {
        ps.setLong(1, seq);
        ps.setString(2, channelId);
        requireOneRow(ps.executeUpdate());
      }
      connection.commit();
      return stored;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Makes {@code officerId} a current member in the server's member table, from {@code sinceSeq}
   * on (events from there are visible to them), with no signed statement behind it.
   */
  void injectMember(String channelId, String officerId, long sinceSeq) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        INSERT INTO channel_members (channel_id, officer_id, since_seq, until_seq, role)
        VALUES (?, ?, ?, NULL, 'MEMBER')
        """)) {
      ps.setString(1, channelId);
      ps.setString(2, officerId);
      ps.setLong(3, sinceSeq);
      requireOneRow(ps.executeUpdate());
    }
  }

  /** The stored signed membership statement {@code index} of a channel. */
  SignedStatement statement(String channelId, long index) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT signed_statement FROM membership_statements WHERE channel_id = ? AND idx = ?")) {
      ps.setString(1, channelId);
      ps.setLong(2, index);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no statement " + index + " in " + channelId);
        }
        return SignedStatement.parseFrom(rs.getBytes(1));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Replaces the stored bytes of statement {@code index} of a channel. */
  void rewriteStatement(String channelId, long index, SignedStatement replacement)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE membership_statements SET signed_statement = ? WHERE channel_id = ? AND idx = ?")) {
      ps.setBytes(1, replacement.toByteArray());
      ps.setString(2, channelId);
      ps.setLong(3, index);
      requireOneRow(ps.executeUpdate());
    }
  }

  /**
   * Stores {@code signed} as the channel's next statement ({@code index}), as a server that
   * accepted it without checking who signed it would; {@code eventSeq} names the event it made.
   */
  void appendStatement(String channelId, long index, SignedStatement signed, byte[] linkHash,
      long eventSeq) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("""
        INSERT INTO membership_statements (channel_id, idx, signed_statement, link_hash, event_seq)
        VALUES (?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, channelId);
      ps.setLong(2, index);
      ps.setBytes(3, signed.toByteArray());
      ps.setBytes(4, linkHash);
      ps.setLong(5, eventSeq);
      requireOneRow(ps.executeUpdate());
    }
  }

  /** Deletes statement {@code index} of a channel, as a server hiding a change would. */
  void deleteStatement(String channelId, long index) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "DELETE FROM membership_statements WHERE channel_id = ? AND idx = ?")) {
      ps.setString(1, channelId);
      ps.setLong(2, index);
      requireOneRow(ps.executeUpdate());
    }
  }

  private static void requireOneRow(int rows) {
    if (rows != 1) {
      throw new IllegalStateException("expected to change one row, changed " + rows);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
