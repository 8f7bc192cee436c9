package org.liaison.server.officer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.liaison.markings.Markings;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.identity.Role;
import org.liaison.server.markings.StoredMarkings;
import org.liaison.server.storage.RecipientTables;
import org.liaison.server.storage.StorageException;

/** {@link OfficerRepository} on the {@code officers} table. */
public final class JdbcOfficerRepository implements OfficerRepository {
  private static final String RECORD_LOGIN = """
      MERGE INTO officers o
      USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(32)), CAST(? AS CHAR(2)),
                     CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE),
                     CAST(? AS VARCHAR(64)), CAST(? AS SMALLINT)))
            AS v(officer_id, agency, nation, roles, at, device, clearance)
      ON o.officer_id = v.officer_id
      WHEN MATCHED THEN UPDATE SET
           agency = v.agency, nation = v.nation, roles = v.roles, last_login = v.at,
           last_device = v.device, login_count = o.login_count + 1, clearance = v.clearance
      WHEN NOT MATCHED THEN INSERT
           (officer_id, agency, nation, roles, first_login, last_login, last_device, login_count,
            clearance)
           VALUES (v.officer_id, v.agency, v.nation, v.roles, v.at, v.at, v.device, 1,
                   v.clearance)
      """;
  /** SQLSTATE of a unique or primary key violation. */
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String FIND = """
      SELECT officer_id, agency, nation, roles, first_login, last_login, last_device, login_count,
             clearance
        FROM officers
       WHERE officer_id = ?
      """;
  private static final String FIND_ALL = """
      SELECT officer_id, agency, nation, roles, first_login, last_login, last_device, login_count,
             clearance
        FROM officers
       WHERE officer_id = ANY(?)
      """;

  private final DataSource dataSource;

  public JdbcOfficerRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void recordLogin(Officer officer, String deviceId, Instant at) {
    String roles =
        officer.roles().stream().map(Role::certificateName).sorted()
            .collect(Collectors.joining(","));
    try {
      recordLogin(officer, roles, deviceId, at);
    } catch (SQLException first) {
      // Two devices of a new officer logging in at once: both MERGEs may take the insert branch
      // and one hits the primary key. The row exists now, so a second MERGE updates it.
      if (!UNIQUE_VIOLATION.equals(first.getSQLState())) {
        throw new StorageException("recording login of " + officer.id(), first);
      }
      try {
        recordLogin(officer, roles, deviceId, at);
      } catch (SQLException second) {
        second.addSuppressed(first);
        throw new StorageException("recording login of " + officer.id(), second);
      }
    }
  }

  private void recordLogin(Officer officer, String roles, String deviceId, Instant at)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(RECORD_LOGIN)) {
      ps.setString(1, officer.id().value());
      ps.setString(2, officer.agency());
      ps.setString(3, officer.nation());
      ps.setString(4, roles);
      ps.setObject(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(6, deviceId);
      ps.setInt(7, Markings.rank(officer.clearance()));
      ps.executeUpdate();
    } finally {
      // Committed outside the single writer: the trigger fired before the commit, so a view
      // read in between holds the old row. Mark it stale again now that the row is in.
      RecipientTables.changed();
    }
  }

  @Override
  public Optional<OfficerRecord> find(OfficerId id) {
    try (Connection c = dataSource.getConnection()) {
      return find(c, id);
    } catch (SQLException e) {
      throw new StorageException("reading officer " + id, e);
    }
  }

  /**
   * Looks the officers up on the caller's connection (inside its transaction), in one query:
   * those the server has never seen are absent from the answer.
   */
  public Map<OfficerId, OfficerRecord> findAll(Connection c, Collection<OfficerId> ids)
      throws SQLException {
    Map<OfficerId, OfficerRecord> found = new HashMap<>();
    if (ids.isEmpty()) {
      return found;
    }
    try (PreparedStatement ps = c.prepareStatement(FIND_ALL)) {
      ps.setArray(1, c.createArrayOf("VARCHAR",
          ids.stream().map(OfficerId::value).distinct().toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          OfficerRecord officer = record(rs);
          found.put(officer.id(), officer);
        }
      }
    }
    return found;
  }

  /** Looks the officer up on the caller's connection (inside its transaction). */
  public Optional<OfficerRecord> find(Connection c, OfficerId id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND)) {
      ps.setString(1, id.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(record(rs));
      }
    }
  }

  /**
   * The audit recipients of a channel (DESIGN.md, transparent escrow): every officer whose
   * certificate carried the auditor role at their last login and whose nation is the nation of
   * one of the channel's current members, by officer id.
   */
  public List<OfficerRecord> auditorsOfChannel(Connection c, String channelId)
      throws SQLException {
    List<OfficerRecord> result = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT a.officer_id, a.agency, a.nation, a.roles, a.first_login, a.last_login,"
            + " a.last_device, a.login_count, a.clearance FROM officers a WHERE "
            + AUDITORS_OF_CHANNEL
            + " ORDER BY a.officer_id")) {
      ps.setString(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(record(rs));
        }
      }
    }
    return result;
  }

  /**
   * SQL condition on {@code officers a}: {@code a} is an audit recipient of the channel given as
   * the one parameter.
   */
  public static final String AUDITORS_OF_CHANNEL = """
      (a.auditor = TRUE
       AND a.nation IN (SELECT o.nation FROM channel_members m
                          JOIN officers o ON o.officer_id = m.officer_id
                         WHERE m.channel_id = ? AND m.until_seq IS NULL))
      """;

  private static OfficerRecord record(ResultSet rs) throws SQLException {
    return new OfficerRecord(
        new OfficerId(rs.getString(1)), rs.getString(2), rs.getString(3),
        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(),
        rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7),
        rs.getLong(8), StoredMarkings.classification(rs.getInt(9)));
  }
}
