package org.liaison.client.crypto;

/**
 * The device key file cannot be read or written: it is missing, unreadable, not a device key
 * file, altered, or the passphrase is wrong (the two last cannot be told apart, by design).
 *
 * <p>The message names the file; it never contains the passphrase or a key.
 */
public class DeviceKeyStoreException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** A key file problem described by {@code message}. */
    public DeviceKeyStoreException(String message) {
        super(message);
    }

    /** A key file problem described by {@code message}, caused by {@code cause}. */
    public DeviceKeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
