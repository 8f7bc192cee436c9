package org.liaison.client.keys;

import java.nio.file.Path;
import org.liaison.client.LiaisonClientException;

/** This device has no end-to-end keys yet, and the operation does not create them. */
public class DeviceKeysMissingException extends LiaisonClientException {

    private static final long serialVersionUID = 1L;

    /** No key file at {@code keyFile}. */
    public DeviceKeysMissingException(Path keyFile) {
        super("this device has no end-to-end keys yet (" + keyFile + " does not exist): run 'liaison keys init'");
    }
}
