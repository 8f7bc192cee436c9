package org.liaison.client;

/**
 * The officer's local configuration is unusable: the profile directory or one
 * of its files is missing or unreadable, a value is malformed, or the identity
 * cannot be opened (typically a wrong password).
 *
 * <p>The message names the file concerned; it never contains the password.
 */
public class ProfileException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** A configuration problem described by {@code message}. */
    public ProfileException(String message) {
        super(message);
    }

    /** A configuration problem described by {@code message}, caused by {@code cause}. */
    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
