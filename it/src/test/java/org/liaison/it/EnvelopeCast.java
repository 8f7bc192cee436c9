package org.liaison.it;

import static org.liaison.it.Officers.CLAIRE;
import static org.liaison.it.Officers.HUGO;
import static org.liaison.it.Officers.JAVIER;
import static org.liaison.it.Officers.KARIM;
import static org.liaison.it.Officers.NADIA;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The officers of the envelope tests, each with one connected device on the class's server, and
 * the channel {@code ops} that Claire (a supervisor) made with Hugo and Karim. Nadia, an auditor
 * of Karim's nation, and Javier are members of nothing yet.
 */
final class EnvelopeCast {

  final Participant claire;
  final Participant hugo;
  final Participant karim;
  final Participant nadia;
  final Participant javier;
  /** Claire, Hugo and Karim. */
  final String ops;

  private EnvelopeCast(LiaisonServerExtension server) throws Exception {
    claire = participant(server, CLAIRE);
    hugo = participant(server, HUGO);
    karim = participant(server, KARIM);
    nadia = participant(server, NADIA);
    javier = participant(server, JAVIER);
    ops = get(claire.channels().create("ops", "", List.of(HUGO, KARIM))).getChannelId();
  }

  /** Connects everyone to {@code server} (closed with it) and creates {@code ops}. */
  static EnvelopeCast connect(LiaisonServerExtension server) throws Exception {
    return new EnvelopeCast(server);
  }

  private static Participant participant(LiaisonServerExtension server, String officer)
      throws Exception {
    Participant participant = Participant.connect(server, officer);
    server.track(participant.client());
    return participant;
  }

  static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  /** The index of the channel's newest membership statement, as Claire verifies it. */
  long head(String channelId) throws Exception {
    return get(claire.channels().membership(channelId)).verified().headIndex();
  }
}
