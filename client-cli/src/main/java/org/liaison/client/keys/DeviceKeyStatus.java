package org.liaison.client.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * This device's end-to-end keys as the device holds them, and whether the server serves them.
 *
 * @param officerId         the officer, as the server's Welcome named them
 * @param deviceId          this device
 * @param fingerprint       the fingerprint of the device's keys (see {@code KeyBundles.fingerprint})
 * @param created           when the locally stored bundle for these keys was made; empty if none is stored yet
 * @param expires           when that bundle expires; empty if none is stored yet
 * @param served            whether the server currently serves exactly these keys for this device
 * @param servedFingerprint the fingerprint of the keys the server serves for this device, if it
 *                          serves any (differs from {@code fingerprint} when {@code served} is false)
 */
public record DeviceKeyStatus(String officerId, String deviceId, String fingerprint, Optional<Instant> created,
                              Optional<Instant> expires, boolean served, Optional<String> servedFingerprint) {

    public DeviceKeyStatus {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(servedFingerprint, "servedFingerprint");
    }
}
