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

    /** A refusal with the given code and the server's message. */
    public ServerRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The refusal carried by an {@code Error} frame. */
    public static ServerRefusedException of(Error error) {
        return new ServerRefusedException(error.getCode(), error.getMessage());
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
