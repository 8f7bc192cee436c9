package org.liaison.server.officer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;
import org.liaison.server.identity.Role;
import org.liaison.server.testing.StorageWorld;

/**
 * Several devices of an officer the server has never seen logging in at the same moment (a
 * reconnect storm after a restart, a new officer with a phone and a laptop) on the real H2 file:
 * every login is recorded, none fails.
 */
class ConcurrentLoginTest {
  private static final int DEVICES = 8;
  private static final int ROUNDS = 20;

  @RegisterExtension
  final StorageWorld world = new StorageWorld();

  @Test
  void simultaneousFirstLoginsOfOneOfficerAreAllRecorded() throws Exception {
    JdbcOfficerRepository officers = world.officers();
    ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        Officer officer = new Officer(new OfficerId("fr-pn.new.officer" + round), "fr-pn", "FR",
            Set.of(Role.OFFICER));
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> logins = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
          String device = "device-" + d;
          logins.add(CompletableFuture.runAsync(() -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            officers.recordLogin(officer, device, Instant.now());
          }, pool));
        }
        start.countDown();
        CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).get(30,
            TimeUnit.SECONDS);

        assertThat(officers.find(officer.id()).orElseThrow().loginCount()).isEqualTo(DEVICES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
