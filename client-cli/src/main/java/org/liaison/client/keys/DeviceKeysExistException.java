package org.liaison.client.keys;

import java.nio.file.Path;
import org.liaison.client.LiaisonClientException;

/**
 * This device already has end-to-end keys and the operation would only create new ones; replacing
 * them is a rotation, which other officers see as a key change.
 */
public class DeviceKeysExistException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** Keys exist at {@code keyFile}. */
    public DeviceKeysExistException(Path keyFile) {
        super("this device already has end-to-end keys (" + keyFile
                + "): use 'liaison keys rotate' to replace them, 'liaison keys show' to see them");
    }
}
