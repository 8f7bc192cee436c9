package org.liaison.client;

import java.util.List;
import java.util.Objects;
import org.liaison.proto.v1.MessageAccepted;

/**
 * A message the server stored durably.
 *
 * @param accepted         the server's acceptance (sequence number, duplicate flag)
 * @param recipientDevices how many devices it was encrypted for (the sender's own included)
 * @param warnings         what the user should know: members without usable keys, rejected
 *                         bundles, changed keys, members the server lists without a signed statement
 * @param auditedBy        the audit recipients it was also encrypted for, "officer (agency, nation)"
 */
public record SentMessage(MessageAccepted accepted, int recipientDevices, List<String> warnings,
                          List<String> auditedBy) {

    public SentMessage {
        Objects.requireNonNull(accepted, "accepted");
        warnings = List.copyOf(warnings);
        auditedBy = List.copyOf(auditedBy);
    }
}
