package org.liaison.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.LUCIA;
import static org.liaison.it.Officers.NADIA;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.liaison.client.ClientProfile;
import org.liaison.client.LiaisonClient;

/**
 * Clients and devices of the client library tests, connected to one test server and closed with
 * it, and the waits those tests share.
 */
final class LibraryClients {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ARABIC = "اجتماع عند البوابة ٤";

  private final LiaisonServerExtension server;

  LibraryClients(LiaisonServerExtension server) {
    this.server = server;
  }

  void everyoneConnectsOnce() throws Exception {
    // Officers can be added to channels only once the server has seen them.
    for (String officer : List.of(CLAIRE, HUGO, KARIM, NADIA, LUCIA, JAVIER)) {
      server.connect(officer).close();
    }
  }

  LiaisonClient connect(ClientProfile profile) throws Exception {
    return server.track(LiaisonClient.connect(profile).get(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  /** A device with published end-to-end keys, closed after the class. */
  Participant participant(ClientProfile profile) throws Exception {
    Participant participant = Participant.connect(profile, false);
    server.track(participant.client());
    return participant;
  }

  static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  static Throwable failureOf(CompletableFuture<?> future) {
    assertThat(future).failsWithin(WAIT);
    try {
      future.get();
      throw new AssertionError("future did not fail");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static String channel(Participant supervisor, String name, String... members)
      throws Exception {
    return get(supervisor.channels().create(name, "", List.of(members))).getChannelId();
  }
}
