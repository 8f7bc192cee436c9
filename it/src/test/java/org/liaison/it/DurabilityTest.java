package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.AuditVerifier;
import org.liaison.certs.Pem;
import org.liaison.client.ClientProfile;
import org.liaison.client.SentMessage;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditRepository;
import org.liaison.server.storage.Database;

/** Nothing the server acknowledged is lost: not across a restart, not across a kill -9. */
class DurabilityTest {
  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  private Path killedDataDir;

  @AfterEach
  void cleanUp() throws Exception {
    LiaisonServerExtension.deleteRecursively(killedDataDir);
  }

  @Test
  void acknowledgedMessagesSurviveARestart() throws Exception {
    String channelId;
    // Hugo's device publishes its keys before the messages are sealed for it.
    Participant.connect(server, MessagingTest.HUGO).close();
    try (Participant claire = Participant.connect(server, MessagingTest.CLAIRE)) {
      channelId = claire.channels().create("restart", "", List.of(MessagingTest.HUGO))
          .get(30, TimeUnit.SECONDS).getChannelId();
      for (int i = 0; i < 50; i++) {
        claire.send(channelId, "before restart " + i);
      }
    }
    server.stop();
    server.start();
    try (Participant hugo = Participant.connect(server, MessagingTest.HUGO).sync()) {
      hugo.awaitMessages(channelId, 50);
      assertThat(hugo.texts(channelId)).hasSize(50).startsWith("before restart 0")
          .endsWith("before restart 49");
    }
  }

  @Test
  void acknowledgedMessagesSurviveAKilledServerProcess() throws Exception {
    TestPki pki = TestPki.get();
    killedDataDir = Files.createTempDirectory("liaison-kill-");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    String channelId;
    int sent = 2000;
    try (ServerProcess process = ServerProcess.start(pki, killedDataDir)) {
      // Karim's device publishes its keys on this server; it keeps them across the restart.
      Participant.connect(profile(pki, MessagingTest.KARIM, process.port()), true).close();
      try (Participant lucia = Participant.connect(
          profile(pki, MessagingTest.LUCIA, process.port()), true)) {
        var messages = lucia.messages();
        channelId = lucia.channels().create("kill", "", List.of(MessagingTest.KARIM))
            .get(30, TimeUnit.SECONDS).getChannelId();
        List<CompletableFuture<SentMessage>> sends = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
          String text = "kill test " + i;
          sends.add(messages.sendText(channelId, text)
              .whenComplete((ok, failure) -> {
                if (failure == null) {
                  acknowledged.add(text);
                }
              }));
          if (i == sent / 2) {
            // Kill while the second half is still being written and acknowledged.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> acknowledged.size() > sent / 4);
            process.process().destroyForcibly();
          }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
            .handle((ok, failure) -> null).get(60, TimeUnit.SECONDS);
      }
      assertThat(process.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSizeGreaterThan(sent / 4).hasSizeLessThan(sent);

    try (ServerProcess again = ServerProcess.start(pki, killedDataDir);
        Participant karim = Participant.connect(
            profile(pki, MessagingTest.KARIM, again.port()), true).sync()) {
      List<String> stored = karim.texts(channelId);
      assertThat(stored).containsAll(acknowledged).doesNotHaveDuplicates()
          .allMatch(text -> text.startsWith("kill test "));
    }
    // Killed twice (the restarted process is killed too): the audit log still verifies, and
    // every acknowledged message has its entry.
    AuditVerification verified;
    long messagesStored;
    try (Connection c = Database.openReadOnly(killedDataDir)) {
      AuditRepository log = new AuditRepository();
      verified = log.verify(c, new AuditVerifier(List.of(Pem.readCertificates(
          pki.dev().auditCertificate()).get(0))));
      messagesStored = log.all(c).stream()
          .filter(e -> e.action().equals(AuditAction.MESSAGE_STORED)).count();
    }
    assertThat(verified.failures()).isEmpty();
    assertThat(messagesStored).isGreaterThanOrEqualTo(acknowledged.size());
  }

  private static ClientProfile profile(TestPki pki, String officer, int port) {
    return ClientProfile.load(pki.profile(officer)).withServer(LiaisonServerExtension.HOST, port);
  }
}
