package org.liaison.client.audit;

import org.liaison.client.ProfileException;

/**
 * The checkpoints this profile kept cannot be read or written, e.g. the file is damaged. A local
 * configuration problem (the {@code liaison} CLI exits with code 4); the message names the file
 * and what to do. Never answered by forgetting what was kept.
 */
public class KeptCheckpointsException extends ProfileException {

    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public KeptCheckpointsException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public KeptCheckpointsException(String message, Throwable cause) {
        super(message, cause);
    }
}
