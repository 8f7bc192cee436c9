package org.liaison.client.audit;

import java.util.List;
import java.util.Optional;
import org.liaison.audit.AuditFailure;
import org.liaison.audit.Checkpoint;

/**
 * What fetching the server's newest checkpoint found.
 *
 * @param newest          the server's newest signed checkpoint; empty when the server lists none at
 *                        or after the kept one
 * @param previous        the newest checkpoint this profile had kept before, if any
 * @param entriesChecked  how many entries were recomputed from {@code previous} (or from the
 *                        first entry) up to {@code newest}
 * @param failures        why {@code newest} does not extend {@code previous}; empty when it does
 * @param keptNow         whether {@code newest} was kept by this check (false when it was kept
 *                        already, or when it failed)
 * @param previousMissing whether the server no longer lists {@code previous}
 */
public record CheckpointCheck(Optional<Checkpoint> newest, Optional<Checkpoint> previous, long entriesChecked,
                              List<AuditFailure> failures, boolean keptNow, boolean previousMissing) {

    public CheckpointCheck {
        failures = List.copyOf(failures);
    }

    /** Whether {@code newest} is there, is signed, chains to the operator CA and extends what was kept. */
    public boolean ok() {
        return failures.isEmpty();
    }
}
