package org.liaison.client.keys;

import org.liaison.client.ProfileException;

/**
 * The profile's record of the keys already seen cannot be read or written, e.g. the file is
 * damaged. A local configuration problem (the {@code liaison} CLI exits with code 4). The message
 * names the file and what to do.
 */
public class KnownKeysException extends ProfileException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public KnownKeysException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public KnownKeysException(String message, Throwable cause) {
        super(message, cause);
    }
}
