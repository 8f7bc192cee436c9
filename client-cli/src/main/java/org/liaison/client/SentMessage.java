package org.liaison.client;

import java.util.List;
import java.util.Objects;
import org.liaison.proto.v1.Markings;
import org.liaison.proto.v1.MessageAccepted;

/**
 * A message the server stored durably.
 *
 * @param accepted         the server's acceptance (sequence number, duplicate flag)
 * @param markings         the markings it carries (docs/markings.md)
 * @param recipientDevices how many devices it was encrypted for (the sender's own included)
 * @param excluded         the members and audit recipients who will not receive it because they
 *                         may not see its markings, with why
 * @param warnings         what the user should know: members without usable keys, rejected
 *                         bundles, changed keys, members the server lists without a signed statement
 * @param auditedBy        the audit recipients it was also encrypted for, "officer (agency, nation)"
 */
public record SentMessage(MessageAccepted accepted, Markings markings, int recipientDevices,
                          List<Delivery.Exclusion> excluded, List<String> warnings, List<String> auditedBy) {

    public SentMessage {
        Objects.requireNonNull(accepted, "accepted");
        Objects.requireNonNull(markings, "markings");
        excluded = List.copyOf(excluded);
        warnings = List.copyOf(warnings);
        auditedBy = List.copyOf(auditedBy);
    }

    /** The message as accepted after sealing it as {@code delivery} says. */
    public SentMessage(MessageAccepted accepted, Delivery delivery) {
        this(accepted, delivery.markings(), delivery.devices().size(), delivery.excluded(), delivery.warnings(),
                delivery.auditedBy());
    }
}
