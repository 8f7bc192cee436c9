package org.liaison.client;

import java.util.Objects;
import org.liaison.proto.v1.ErrorCode;

/**
 * A message or task was not sent because of its markings (docs/markings.md): the client refuses
 * it before anything is encrypted, for the same reasons the server would refuse it.
 */
public class MarkingsRefusedException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** Why the markings were refused. */
    public enum Reason {
        /** The markings are incomplete or not canonical (e.g. no classification, an unknown nation). */
        MALFORMED(ErrorCode.INVALID_ARGUMENT),
        /** The classification is above the ceiling of the channel's signed creation statement. */
        ABOVE_CEILING(ErrorCode.ABOVE_CEILING),
        /** The sender may not see what they send: their nation is not releasable or their clearance is below. */
        NOT_RELEASABLE(ErrorCode.NOT_RELEASABLE);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        /** The error code the server answers for the same refusal. */
        public ErrorCode code() {
            return code;
        }
    }

    private final Reason reason;

    /** A refusal for {@code reason}, described by {@code message}. */
    public MarkingsRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the markings were refused. */
    public Reason reason() {
        return reason;
    }
}
