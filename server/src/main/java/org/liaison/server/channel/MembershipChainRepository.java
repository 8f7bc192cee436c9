package org.liaison.server.channel;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.liaison.proto.v1.SignedStatement;
import org.liaison.server.storage.StorageException;

/**
 * SQL for {@code membership_statements}: each channel's chain of signed membership statements,
 * and the head index kept on the channel row ({@code channels.membership_index}). Methods run on
 * the caller's connection, so a statement is stored in the same transaction as the event it
 * produced.
 */
public final class MembershipChainRepository {

  /** The newest statement of a channel: what the next one must follow. */
  public record ChainHead(long index, byte[] linkHash) {}

  /** Stores the channel's next statement and makes it the channel's newest. */
  public void append(Connection c, ChannelId channel, long index, SignedStatement statement,
      byte[] linkHash, long eventSeq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO membership_statements (channel_id, idx, signed_statement, link_hash, event_seq)
        VALUES (?, ?, ?, ?, ?)
        """)) {
      ps.setString(1, channel.value());
      ps.setLong(2, index);
      ps.setBytes(3, statement.toByteArray());
      ps.setBytes(4, linkHash);
      ps.setLong(5, eventSeq);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE channels SET membership_index = ? WHERE channel_id = ?")) {
      ps.setLong(1, index);
      ps.setString(2, channel.value());
      ps.executeUpdate();
    }
  }

  /** The channel's newest statement, if it has any (channels older than the chain have none). */
  public Optional<ChainHead> head(Connection c, ChannelId channel) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT s.idx, s.link_hash
          FROM channels ch
          JOIN membership_statements s
            ON s.channel_id = ch.channel_id AND s.idx = ch.membership_index
         WHERE ch.channel_id = ?
        """)) {
      ps.setString(1, channel.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new ChainHead(rs.getLong(1), rs.getBytes(2)))
            : Optional.empty();
      }
    }
  }

  /** Every statement of the channel, index 0 first. */
  public List<SignedStatement> chain(Connection c, ChannelId channel) throws SQLException {
    List<SignedStatement> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT signed_statement FROM membership_statements
         WHERE channel_id = ? ORDER BY idx
        """)) {
      ps.setString(1, channel.value());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(parse(rs.getBytes(1)));
        }
      }
    }
    return result;
  }

  private static SignedStatement parse(byte[] stored) {
    try {
      return SignedStatement.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException("reading a stored membership statement", e);
    }
  }
}
