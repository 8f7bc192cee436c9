package org.liaison.client;

/**
 * The connection could not be established or was lost: the server was
 * unreachable, the TLS handshake failed, the server refused the client
 * certificate (in TLS 1.3 this arrives as an alert after the client's side of
 * the handshake completed), the connection closed before the server's
 * {@code Welcome}, or it closed while a request was waiting for its answer.
 *
 * <p>The message says which, including the TLS alert text when one was
 * received; the cause, when present, is the underlying transport exception.
 */
public class ConnectionFailedException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** A connection failure described by {@code message}. */
    public ConnectionFailedException(String message) {
        super(message);
    }

    /** A connection failure described by {@code message}, caused by {@code cause}. */
    public ConnectionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
