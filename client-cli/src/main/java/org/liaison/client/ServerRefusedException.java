package org.liaison.client;

import java.util.Objects;
import org.liaison.proto.v1.Error;
import org.liaison.proto.v1.ErrorCode;

/**
 * The server answered a request (or the Hello) with a typed {@link Error}.
 *
 * <p>{@link #code()} is the protocol's error code; {@link #getMessage()} is the
 * server's human-readable explanation, which the protocol guarantees is safe
 * to show. A code this client does not know is reported as
 * {@link ErrorCode#UNRECOGNIZED}.
 */
public class ServerRefusedException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Error error;

    /** A refusal with the given code and the server's message. */
    public ServerRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.error = Error.newBuilder().setCode(code).setMessage(message).build();
    }

    private ServerRefusedException(Error error) {
        super(error.getMessage());
        this.code = error.getCode();
        this.error = error;
    }

    /** The refusal carried by an {@code Error} frame. */
    public static ServerRefusedException of(Error error) {
        return new ServerRefusedException(error);
    }

    /**
     * The whole {@code Error} frame, with the details some codes carry (for
     * {@code MEMBERSHIP_CHANGED}: the recipient devices the server expects).
     */
    public Error error() {
        return error == null ? Error.newBuilder().setCode(code).setMessage(getMessage()).build() : error;
    }

    /** The typed reason the server gave. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "ServerRefusedException[" + code + ": " + getMessage() + "]";
    }
}
