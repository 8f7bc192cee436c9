package org.liaison.server.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the trust configuration says about one certificate at one moment, and until when that
 * answer holds if the configuration and its CRLs do not change.
 *
 * @param officer the identity, when the certificate is accepted
 * @param refusal why it is refused (fit for the server log), when it is
 * @param validUntil the answer may change from this instant on
 */
public record TrustVerdict(Optional<Officer> officer, String refusal, Instant validUntil) {
  public TrustVerdict {
    Objects.requireNonNull(officer, "officer");
    Objects.requireNonNull(validUntil, "validUntil");
  }

  public static TrustVerdict trusted(Officer officer, Instant validUntil) {
    return new TrustVerdict(Optional.of(officer), null, validUntil);
  }

  public static TrustVerdict refused(String reason, Instant validUntil) {
    return new TrustVerdict(Optional.empty(), reason, validUntil);
  }

  public boolean trusted() {
    return officer.isPresent();
  }

  /** Whether the answer still holds at {@code now}. */
  public boolean holdsAt(Instant now) {
    return now.isBefore(validUntil);
  }
}
