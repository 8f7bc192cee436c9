package org.liaison.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's embedded H2 database under its data directory, with its schema brought up to date
 * by the versioned migrations in {@code db/migration}. Only storage classes see JDBC; everyone
 * else goes through their repositories.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  private static final String FILE_NAME = "liaison";

  private final JdbcConnectionPool pool;
  private final Path file;

  private Database(JdbcConnectionPool pool, Path file) {
    this.pool = pool;
    this.file = file;
  }

  /**
   * Opens (creating if needed) the database in {@code dataDir} and applies pending migrations.
   * Fails if another process holds the database open.
   */
  public static Database open(Path dataDir, int maxConnections) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
    // DB_CLOSE_ON_EXIT=FALSE: the server closes the database itself after the last write on
    // shutdown, rather than racing H2's own shutdown hook. WRITE_DELAY=0: a commit is written to
    // the file at once (H2 otherwise delays it up to 500 ms, and a killed process would lose
    // acknowledged writes); the group committer adds the sync to disk.
    String url = "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
        + ";QUERY_CACHE_SIZE=256";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "liaison", "");
    pool.setMaxConnections(maxConnections);
    try {
      var result =
          Flyway.configure()
              .dataSource(pool)
              .locations("classpath:db/migration")
              .load()
              .migrate();
      log.info(
          "database {} ready (schema version {}, {} migration(s) applied)",
          file + ".mv.db", result.targetSchemaVersion, result.migrationsExecuted);
    } catch (RuntimeException e) {
      pool.dispose();
      throw e;
    }
    return new Database(pool, file);
  }

  /**
   * Opens the database in {@code dataDir} for reading only, without migrating it (for offline
   * checks such as audit verification). Fails if there is no database there, or if a running
   * server holds it.
   */
  public static Connection openReadOnly(Path dataDir) throws SQLException {
    Path file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
    return java.sql.DriverManager.getConnection(
        "jdbc:h2:file:" + file + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r", "liaison", "");
  }

  public DataSource dataSource() {
    return pool;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The database file's path without H2's {@code .mv.db} suffix. */
  public Path file() {
    return file;
  }

  /** Flushes and closes the database; no connection may be used afterwards. */
  @Override
  public void close() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      log.warn("database shutdown: {}", e.getMessage());
    } finally {
      pool.dispose();
    }
  }
}
