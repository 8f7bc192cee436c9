package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.liaison.client.LiaisonClient;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.proto.v1.ServerFrame;

/** SIGTERM stops the server in order: clients are told, the database is closed cleanly. */
class GracefulShutdownTest {
  private Path dataDir;

  @AfterEach
  void cleanUp() throws Exception {
    LiaisonServerExtension.deleteRecursively(dataDir);
  }

  @Test
  void sigtermTellsConnectedClientsAndStopsCleanly() throws Exception {
    TestPki pki = TestPki.get();
    dataDir = Files.createTempDirectory("liaison-shutdown-");
    try (ServerProcess server = ServerProcess.start(pki, dataDir)) {
      var profile = org.liaison.client.ClientProfile.load(pki.profile("fr-pn.claire.martin"))
          .withServer(LiaisonServerExtension.HOST, server.port());
      try (LiaisonClient client = LiaisonClient.connect(profile).get(30, TimeUnit.SECONDS)) {
        var pushes = new CopyOnWriteArrayList<ServerFrame>();
        client.addPushListener(pushes::add);

        server.process().destroy(); // SIGTERM

        client.closeFuture().get(30, TimeUnit.SECONDS);
        assertThat(pushes).anySatisfy(f ->
            assertThat(f.getError().getCode()).isEqualTo(ErrorCode.SERVER_SHUTTING_DOWN));
      }
      assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.output()).anySatisfy(line ->
          assertThat(line).contains("Liaison server stopped"));
    }
    // The database was closed cleanly and reopens on the next start.
    try (ServerProcess again = ServerProcess.start(pki, dataDir)) {
      assertThat(again.port()).isPositive();
    }
  }
}
