package org.liaison.client.keys;

import java.util.Objects;
import java.util.Optional;
import org.liaison.client.crypto.DeviceCredentials;

/**
 * The outcome of replacing this device's end-to-end keys.
 *
 * @param previousFingerprint the fingerprint of the keys replaced; empty if the device had none
 * @param credentials         the new keys and the bundle published for them
 * @param serverReplaced      whether the server said it replaced a bundle it had for this device
 */
public record KeyRotation(Optional<String> previousFingerprint, DeviceCredentials credentials,
                          boolean serverReplaced) {

    public KeyRotation {
        Objects.requireNonNull(previousFingerprint, "previousFingerprint");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** The fingerprint of the new keys. */
    public String fingerprint() {
        return credentials.keys().fingerprint();
    }
}
