package org.liaison.client.audit;

import java.util.List;
import org.liaison.audit.AuditVerification;
import org.liaison.audit.Checkpoint;

/**
 * The outcome of verifying the server's whole audit log against its checkpoints and the ones this
 * profile kept.
 *
 * @param result            every failing sequence number; empty when the log verifies
 * @param serverCheckpoints how many checkpoints the server listed
 * @param keptCheckpoints   how many checkpoints this profile kept
 * @param missingOnServer   kept checkpoints the server does not list (its row was deleted or
 *                          replaced; whether the log itself changed is in {@code result})
 */
public record OnlineVerification(AuditVerification result, int serverCheckpoints, int keptCheckpoints,
                                 List<Checkpoint> missingOnServer) {

    public OnlineVerification {
        missingOnServer = List.copyOf(missingOnServer);
    }

    /** Whether the log verifies. */
    public boolean ok() {
        return result.ok();
    }
}
