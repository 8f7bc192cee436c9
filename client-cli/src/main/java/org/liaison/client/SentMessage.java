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
 */
public record SentMessage(MessageAccepted accepted, int recipientDevices, List<String> warnings) {

    public SentMessage {
        Objects.requireNonNull(accepted, "accepted");
        warnings = List.copyOf(warnings);
    }
}
