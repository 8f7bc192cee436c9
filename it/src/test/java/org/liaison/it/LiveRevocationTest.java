package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.liaison.it.LibraryClients.channel;
import static org.liaison.it.LibraryClients.failureOf;
import static org.liaison.it.LibraryClients.get;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.KARIM;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.liaison.audit.AuditEntry;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;
import org.liaison.client.SentMessage;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;
import org.liaison.server.audit.AuditAction;
import org.liaison.server.audit.AuditRepository;
import org.liaison.server.storage.Database;

/**
 * Live revocation against the real server: the PKI tool's CA revokes an officer and rewrites its
 * CRL; without a restart the server ends that officer's live session within seconds
 * ({@code CERTIFICATE_REVOKED}), refuses new ones, audits it, and stops counting the officer's
 * device as a recipient, so the other members' clients stop encrypting to it.
 */
class LiveRevocationTest {
  private static final String REMY = "fr-pn.remy.revoque";
  /** The server re-reads CRLs and re-checks live sessions every second. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  @RegisterExtension
  static final LiaisonServerExtension server = new LiaisonServerExtension();

  @Test
  void revokingAnOfficerEndsTheirLiveSessionRefusesNewOnesAndIsAudited() throws Exception {
    ClientProfile remyProfile = server.profileAt(server.pki().issueFrench(REMY));
    Participant remy = Participant.connect(remyProfile, true);
    server.track(remy.client());
    Participant.connect(server, KARIM).close();
    Participant claire = Participant.connect(server, CLAIRE);
    server.track(claire.client());
    String channel = channel(claire, "revocation", REMY, KARIM);
    remy.sync();
    SentMessage before = get(claire.messages().sendText(channel, "before the revocation"));
    remy.awaitMessages(channel, 1);
    AtomicReference<Error> told = new AtomicReference<>();
    remy.client().addPushListener(frame -> {
      if (frame.hasError()) {
        told.set(frame.getError());
      }
    });

    server.pki().revokeFrench(REMY);

    await("remy's live session ended").atMost(BOUND).until(() -> !remy.client().isOpen());
    assertThat(told.get().getCode()).isEqualTo(ErrorCode.CERTIFICATE_REVOKED);
    assertThat(told.get().getFatal()).isTrue();
    assertThat(failureOf(LiaisonClient.connect(remyProfile))).as("a new session is refused")
        .isNotNull();
    // The server's view of which key bundles it may serve follows the new CRL within a second.
    await("claire's sends no longer sealed for remy's device").atMost(BOUND).until(() ->
        get(claire.messages().sendText(channel, "after the revocation")).recipientDevices()
            == before.recipientDevices() - 1);

    server.stop();
    List<AuditEntry> entries;
    try (Connection c = Database.openReadOnly(server.dataDir())) {
      entries = new AuditRepository().all(c);
    }
    server.start();
    assertThat(entries).filteredOn(e -> e.action().equals(AuditAction.SESSION_REVOKED))
        .singleElement().satisfies(entry -> {
          assertThat(entry.actor()).isEqualTo(REMY);
          assertThat(entry.details()).contains("revoked");
        });
  }
}
