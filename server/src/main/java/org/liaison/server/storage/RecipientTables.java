package org.liaison.server.storage;

import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.api.Trigger;

/**
 * The version of the tables a channel's recipients are computed from ({@code channel_members},
 * {@code officers}, {@code key_bundles}): a number that changes whenever any of them may have
 * changed, so that a view computed from them can tell it is out of date.
 *
 * <p>The database itself moves it: migration V10 puts {@link Changed} on every insert, update
 * and delete of those tables, so no code path (nor a test or an operator writing SQL directly)
 * can change them unnoticed. A trigger fires before its transaction commits, so a writer outside
 * the single writer moves it again once its own commit is done ({@link #changed()}), and the
 * single writer moves it when it rolls back a write that changed them ({@link GroupCommitter}):
 * what was read in between is thrown away. One counter for the whole JVM: several databases in
 * one process (tests) only throw away a little more than they need to.
 */
public final class RecipientTables {
  private static final AtomicLong VERSION = new AtomicLong();

  private RecipientTables() {}

  /** The current version; compare with a later call to know whether anything changed. */
  public static long version() {
    return VERSION.get();
  }

  /** Marks the tables as changed: every view read from them before now is stale. */
  public static void changed() {
    VERSION.incrementAndGet();
  }

  /** The H2 trigger on the recipient tables (one per statement, after it ran). */
  public static final class Changed implements Trigger {
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
      changed();
    }
  }
}
