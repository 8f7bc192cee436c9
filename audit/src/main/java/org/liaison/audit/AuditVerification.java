package org.liaison.audit;

import java.util.List;

/**
 * The outcome of verifying an audit log.
 *
 * @param entries how many entries were read
 * @param lastSeq the newest entry's sequence number (0 for an empty log)
 * @param checkpoints how many signed checkpoints were checked
 * @param lastCheckpointSeq the newest checkpoint's sequence number (0 for none)
 * @param failures every failing sequence number, in order; empty when the log verifies
 */
public record AuditVerification(long entries, long lastSeq, int checkpoints,
    long lastCheckpointSeq, List<AuditFailure> failures) {

  public AuditVerification {
    failures = List.copyOf(failures);
  }

  public boolean ok() {
    return failures.isEmpty();
  }
}
