package org.liaison.client.crypto;

import java.util.Objects;
import org.liaison.proto.v1.SignedKeyBundle;

/**
 * What this device signs and decrypts with: its officer and device ids, its private keys and the
 * key bundle it published (signed by the officer's agency certificate). {@link #toString()} shows
 * the public fingerprint only.
 *
 * @param officerId the officer, as the server's Welcome named them
 * @param deviceId  this device
 * @param keys      the device's private keys
 * @param bundle    the device's published bundle, naming {@code officerId}, {@code deviceId} and
 *                  the public halves of {@code keys}
 */
public record DeviceCredentials(String officerId, String deviceId, DeviceKeys keys, SignedKeyBundle bundle) {

    public DeviceCredentials {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(bundle, "bundle");
    }

    /** This device as a recipient. */
    public Recipient recipient() {
        return new Recipient(officerId, deviceId);
    }

    @Override
    public String toString() {
        return "DeviceCredentials[" + officerId + "/" + deviceId + ", " + keys.fingerprint() + "]";
    }
}
