package org.liaison.client.keys;

import org.liaison.client.ProfileException;

/**
 * This device's end-to-end keys cannot be used: the key file is unreadable, damaged or encrypted
 * under another passphrase, or the profile's identity holds no private key to sign them with. A
 * local configuration problem (the {@code liaison} CLI exits with code 4).
 *
 * <p>The message names the file and says what the officer can do; it never contains a password
 * or key material.
 */
public class DeviceKeyringException extends ProfileException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public DeviceKeyringException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public DeviceKeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
