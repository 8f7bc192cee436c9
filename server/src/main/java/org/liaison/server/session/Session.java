package org.liaison.server.session;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.liaison.server.identity.Officer;

/**
 * An authenticated, greeted connection: one device of one officer.
 *
 * @param connectionId short id used in logs to tell connections apart
 * @param officer identity from the certificate
 * @param certificate the verified client certificate of the connection
 * @param deviceId the device named in Hello (a label chosen by the client, not an identity)
 * @param started when Welcome was sent
 */
public record Session(String connectionId, Officer officer, X509Certificate certificate,
    String deviceId, Instant started) {
  public Session {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(started, "started");
  }

  @Override
  public String toString() {
    return officer.id() + "/" + deviceId + "#" + connectionId;
  }
}
