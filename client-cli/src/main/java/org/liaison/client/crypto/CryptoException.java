package org.liaison.client.crypto;

import org.liaison.client.LiaisonClientException;

/**
 * Base type of every end-to-end crypto failure: a key file that cannot be opened, a key bundle or
 * an envelope that is refused, a primitive that fails.
 *
 * <p>Messages are safe to show to a user and to log: they never contain key material, a
 * passphrase or a message body.
 */
public class CryptoException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public CryptoException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
