package org.liaison.server.officer;

import java.util.Optional;
import java.time.Instant;
import org.liaison.server.identity.Officer;
import org.liaison.server.identity.OfficerId;

/** Storage of the officers the server has seen. Blocking: call from a storage thread. */
public interface OfficerRepository {

  /** Records a successful login: creates the officer on first sight, else updates last login. */
  void recordLogin(Officer officer, String deviceId, Instant at);

  Optional<OfficerRecord> find(OfficerId id);
}
