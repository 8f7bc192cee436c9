package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash under load with zero loss ({@link CrashLoad}): a few SIGKILL cycles in the normal run;
 * {@code -Dliaison.crash.cycles=N} (and {@code -Dliaison.crash.seed=S}) for the long run the
 * README documents. The count of cycles, acknowledged events and losses is printed and written to
 * {@code it/target/crash-under-load.txt}.
 */
class CrashUnderLoadTest {
  private Path dataDir;

  @AfterEach
  void cleanUp() throws IOException {
    if (dataDir != null) {
      try (Stream<Path> files = Files.walk(dataDir.getParent())) {
        files.filter(f -> f.startsWith(dataDir) || f.getFileName().toString()
                .startsWith("liaison-server-"))
            .sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void everyAcknowledgedMessageAndTaskStepSurvivesKillsAndIsDeliveredOnce() throws Exception {
    int cycles = Integer.getInteger("liaison.crash.cycles", 3);
    long seed = Long.getLong("liaison.crash.seed", System.nanoTime());
    dataDir = Files.createTempDirectory("liaison-crash-").resolve("data");
    CrashLoad load = new CrashLoad(TestPki.get(), dataDir, seed);

    for (int i = 0; i < cycles; i++) {
      load.cycle();
    }
    CrashLoad.Result result = load.finish();
    String summary = result.summary() + " (seed " + seed + ")";
    System.out.println(summary);
    Files.writeString(Path.of("target", "crash-under-load.txt"), summary + "\n"
        + String.join("\n", result.losses()) + String.join("\n", result.duplicates()) + "\n");

    assertThat(result.eventsAcknowledged()).isGreaterThanOrEqualTo(5 * cycles);
    assertThat(result.losses()).as("seed %d", seed).isEmpty();
    assertThat(result.duplicates()).as("seed %d", seed).isEmpty();
    assertThat(result.auditFailures()).isZero();
  }
}
