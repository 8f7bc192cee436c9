package org.liaison.server.markings;

import com.google.protobuf.InvalidProtocolBufferException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.liaison.markings.Markings;
import org.liaison.proto.v1.Classification;
import org.liaison.server.storage.StorageException;

/**
 * How markings are kept in SQL columns (V7), so that "may this officer see it" is a condition in
 * the query rather than a filter after it: every read path then applies the same rule
 * ({@link Markings#maySee}) with no row escaping it. A classification is stored as its rank, the
 * releasable nations as {@code ,FR,MA,} (NULL when releasable to all); NULL classification means
 * "no markings" (membership events), visible to everyone the event is otherwise for.
 */
public final class StoredMarkings {
  private StoredMarkings() {}

  /**
   * SQL condition: the officer row {@code officer} (columns nation, clearance) may see the row
   * {@code marked} (columns classification, releasable_to). The same rule as
   * {@link Markings#maySee}, which the tests hold it to.
   */
  public static String visible(String marked, String officer) {
    return "(" + marked + ".classification IS NULL OR (" + officer + ".clearance >= " + marked
        + ".classification AND (" + marked + ".releasable_to IS NULL OR " + marked
        + ".releasable_to LIKE '%,' || " + officer + ".nation || ',%')))";
  }

  /** Sets the classification and releasable_to parameters at {@code index} and the next one. */
  public static void bind(PreparedStatement ps, int index, org.liaison.proto.v1.Markings markings)
      throws SQLException {
    if (markings == null) {
      ps.setNull(index, Types.SMALLINT);
      ps.setNull(index + 1, Types.VARCHAR);
      return;
    }
    ps.setInt(index, Markings.rank(markings.getClassification()));
    ps.setString(index + 1, releasable(markings));
  }

  /** {@code ,FR,MA,}, or null when releasable to all. */
  public static String releasable(org.liaison.proto.v1.Markings markings) {
    return markings.getReleasableToAll() ? null
        : "," + String.join(",", markings.getReleasableToList()) + ",";
  }

  /** The classification of a stored rank (1-4); UNCLASSIFIED for anything else. */
  public static Classification classification(int rank) {
    for (Classification c : Classification.values()) {
      if (c != Classification.UNRECOGNIZED && Markings.rank(c) == rank && rank > 0) {
        return c;
      }
    }
    return Classification.CLASSIFICATION_UNCLASSIFIED;
  }

  /** Serialized markings as stored; NULL (rows from before markings) reads as the default. */
  public static org.liaison.proto.v1.Markings parse(byte[] stored) {
    if (stored == null) {
      return Markings.DEFAULT;
    }
    try {
      return org.liaison.proto.v1.Markings.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new StorageException("reading stored markings", e);
    }
  }
}
