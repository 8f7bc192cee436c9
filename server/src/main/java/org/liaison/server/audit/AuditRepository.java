package org.liaison.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.liaison.audit.AuditEntry;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.audit.Checkpoint;

/** SQL for the audit tables. Entries are only ever inserted, never updated or deleted. */
public final class AuditRepository {

  /** The sequence number and hash of the newest entry. */
  public record Head(long seq, byte[] entryHash) {}

  public Optional<Head> head(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1
        """);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(new Head(r.getLong(1), r.getBytes(2))) : Optional.empty();
    }
  }

  public void insert(Connection c, AuditEntry e) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        INSERT INTO audit_log
          (seq, time_ms, actor, action, channel_id, target, details, prev_hash, entry_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)) {
      s.setLong(1, e.seq());
      s.setLong(2, e.timeMs());
      s.setString(3, e.actor());
      s.setString(4, e.action());
      s.setString(5, e.channel());
      s.setString(6, e.target());
      s.setString(7, e.details());
      s.setBytes(8, e.prevHash());
      s.setBytes(9, e.entryHash());
      s.executeUpdate();
    }
  }

  /** Every entry in sequence order, handed one at a time (the log can be large). */
  public void forEach(Connection c, Consumer<AuditEntry> sink) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT seq, time_ms, actor, action, channel_id, target, details, prev_hash, entry_hash
        FROM audit_log ORDER BY seq
        """)) {
      s.setFetchSize(1000);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          sink.accept(entry(r));
        }
      }
    }
  }

  public List<AuditEntry> all(Connection c) throws SQLException {
    List<AuditEntry> entries = new ArrayList<>();
    forEach(c, entries::add);
    return entries;
  }

  public void insertCheckpoint(Connection c, Checkpoint checkpoint) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        INSERT INTO audit_checkpoints (seq, entry_hash, time_ms, signature, key_id)
        VALUES (?, ?, ?, ?, ?)
        """)) {
      s.setLong(1, checkpoint.seq());
      s.setBytes(2, checkpoint.entryHash());
      s.setLong(3, checkpoint.timeMs());
      s.setBytes(4, checkpoint.signature());
      s.setString(5, checkpoint.keyId());
      s.executeUpdate();
    }
  }

  public Optional<Long> lastCheckpointSeq(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT MAX(seq) FROM audit_checkpoints
        """);
        ResultSet r = s.executeQuery()) {
      r.next();
      long seq = r.getLong(1);
      return r.wasNull() ? Optional.empty() : Optional.of(seq);
    }
  }

  public List<Checkpoint> checkpoints(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT seq, entry_hash, time_ms, signature, key_id FROM audit_checkpoints ORDER BY seq
        """);
        ResultSet r = s.executeQuery()) {
      List<Checkpoint> checkpoints = new ArrayList<>();
      while (r.next()) {
        checkpoints.add(checkpoint(r));
      }
      return checkpoints;
    }
  }

  /** Verifies the whole stored log and its stored checkpoints. */
  public AuditVerification verify(Connection c, AuditVerifier verifier) throws SQLException {
    return verifier.verify(all(c), checkpoints(c));
  }

  /** What an auditor asked for: filters combined with AND; null or 0 means any. */
  public record Filter(String channel, String actor, String action, long fromMs, long toMs,
      long afterSeq, long toSeq) {}

  /**
   * The entries matching {@code filter}, oldest first, at most {@code limit} of them. An action
   * ending with {@code .} matches every action it starts.
   */
  public List<AuditEntry> query(Connection c, Filter filter, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("""
        SELECT seq, time_ms, actor, action, channel_id, target, details, prev_hash, entry_hash
        FROM audit_log WHERE seq > ?""");
    List<Object> values = new ArrayList<>();
    values.add(filter.afterSeq());
    if (filter.toSeq() > 0) {
      sql.append(" AND seq <= ?");
      values.add(filter.toSeq());
    }
    if (filter.channel() != null) {
      sql.append(" AND channel_id = ?");
      values.add(filter.channel());
    }
    if (filter.actor() != null) {
      sql.append(" AND actor = ?");
      values.add(filter.actor());
    }
    if (filter.action() != null && filter.action().endsWith(".")) {
      sql.append(" AND action LIKE ? ESCAPE '\\'");
      values.add(filter.action().replace("\\", "\\\\").replace("%", "\\%")
          .replace("_", "\\_") + "%");
    } else if (filter.action() != null) {
      sql.append(" AND action = ?");
      values.add(filter.action());
    }
    if (filter.fromMs() > 0) {
      sql.append(" AND time_ms >= ?");
      values.add(filter.fromMs());
    }
    if (filter.toMs() > 0) {
      sql.append(" AND time_ms < ?");
      values.add(filter.toMs());
    }
    sql.append(" ORDER BY seq LIMIT ?");
    values.add(limit);
    List<AuditEntry> entries = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        s.setObject(i + 1, values.get(i));
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          entries.add(entry(r));
        }
      }
    }
    return entries;
  }

  /** The signed checkpoints after {@code afterSeq}, oldest first, at most {@code limit}. */
  public List<Checkpoint> checkpointsAfter(Connection c, long afterSeq, int limit)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT seq, entry_hash, time_ms, signature, key_id FROM audit_checkpoints
        WHERE seq > ? ORDER BY seq LIMIT ?
        """)) {
      s.setLong(1, afterSeq);
      s.setInt(2, limit);
      try (ResultSet r = s.executeQuery()) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        while (r.next()) {
          checkpoints.add(checkpoint(r));
        }
        return checkpoints;
      }
    }
  }

  /** The newest signed checkpoint. */
  public Optional<Checkpoint> latestCheckpoint(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        SELECT seq, entry_hash, time_ms, signature, key_id FROM audit_checkpoints
        ORDER BY seq DESC LIMIT 1
        """);
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(checkpoint(r)) : Optional.empty();
    }
  }

  private static AuditEntry entry(ResultSet r) throws SQLException {
    return new AuditEntry(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4),
        r.getString(5), r.getString(6), r.getString(7), r.getBytes(8), r.getBytes(9));
  }

  private static Checkpoint checkpoint(ResultSet r) throws SQLException {
    return new Checkpoint(r.getLong(1), r.getBytes(2), r.getLong(3), r.getBytes(4),
        r.getString(5));
  }
}
