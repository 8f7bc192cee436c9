package org.liaison.client.audit;

import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.liaison.audit.Checkpoint;

/**
 * The server's signed checkpoints, oldest first, as served: neither their signatures nor the
 * certificate chain are verified yet (see {@link AuditTrust}).
 *
 * @param checkpoints      the checkpoints
 * @param certificateChain the audit certificate, then its issuers up to the operator CA
 * @param lastSeq          the newest entry of the log when the first page was answered
 */
public record ServerCheckpoints(List<Checkpoint> checkpoints, List<X509Certificate> certificateChain, long lastSeq) {

    public ServerCheckpoints {
        checkpoints = List.copyOf(checkpoints);
        certificateChain = List.copyOf(certificateChain);
    }

    /** The checkpoint with the highest sequence number, if any. */
    public Optional<Checkpoint> newest() {
        return checkpoints.stream().max(Comparator.comparingLong(Checkpoint::seq));
    }
}
