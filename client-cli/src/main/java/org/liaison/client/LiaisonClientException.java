package org.liaison.client;

/**
 * Base type of every failure the Liaison client library reports.
 *
 * <p>Messages are safe to show to a user: they never contain a password, key
 * material or a message body.
 */
public class LiaisonClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public LiaisonClientException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public LiaisonClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
