package org.liaison.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single writer on a real H2 file. */
class GroupCommitterTest {
  @TempDir
  Path dataDir;

  private Database database;
  private GroupCommitter writer;

  @BeforeEach
  void open() throws Exception {
    database = Database.open(dataDir, 4);
    try (Connection c = database.connection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE scratch (id INT PRIMARY KEY)");
    }
    writer = new GroupCommitter(database.dataSource(), 64, true);
  }

  @AfterEach
  void close() {
    writer.close();
    database.close();
  }

  private GroupCommitter.Work<Integer> insert(int id) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch VALUES (?)")) {
        ps.setInt(1, id);
        ps.executeUpdate();
      }
      return id;
    };
  }

  private List<Integer> stored() throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = database.connection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM scratch ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  @Test
  void aFailingWriteIsRolledBackAloneAndTheRestOfItsBatchCommits() throws Exception {
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    for (int id = 1; id <= 20; id++) {
      writes.add(writer.submit(insert(id)));
    }
    CompletableFuture<Integer> duplicate = writer.submit(insert(5));
    writes.add(writer.submit(insert(21)));
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    assertThatThrownBy(() -> duplicate.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SQLException.class);
    assertThat(stored()).hasSize(21).startsWith(1, 2, 3).endsWith(21);
  }

  @Test
  void writesAreBatchedAndAfterCommitActionsRunInSubmissionOrder() throws Exception {
    List<Integer> published = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    for (int id = 1; id <= 500; id++) {
      writes.add(writer.submit(insert(id), published::add));
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(published).hasSize(500).isSorted();
    assertThat(writer.writes()).isEqualTo(500);
    assertThat(writer.batches()).isLessThan(500);
  }

  @Test
  void closeFinishesQueuedWritesAndRefusesNewOnes() throws Exception {
    List<CompletableFuture<Integer>> writes = new ArrayList<>();
    for (int id = 1; id <= 100; id++) {
      writes.add(writer.submit(insert(id)));
    }
    writer.close();
    assertThat(writes).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(writer.submit(insert(1000))).isCompletedExceptionally();
    assertThat(stored()).hasSize(100);
  }
}
