package org.liaison.client.keys;

import java.time.Instant;
import java.util.Objects;

/**
 * A device whose keys this profile had already seen now has other keys, both verified as signed by
 * the officer's agency certificate. Either the officer rotated them (a new installation, a lost
 * device) or someone who holds the officer's certificate key made them. Officers should compare
 * the new fingerprint with the owner in person or by phone before trusting it.
 *
 * @param officerId           the officer
 * @param deviceId            the device
 * @param previousFingerprint the fingerprint this profile knew
 * @param fingerprint         the new fingerprint, now the known one
 * @param detected            when this profile first saw the new keys
 */
public record KeyChange(String officerId, String deviceId, String previousFingerprint, String fingerprint,
                        Instant detected) {

    public KeyChange {
        Objects.requireNonNull(officerId, "officerId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(previousFingerprint, "previousFingerprint");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(detected, "detected");
    }

    /** A one-line warning for people, e.g. on a terminal's error stream. */
    public String warning() {
        return "WARNING: the end-to-end keys of " + officerId + " (device " + deviceId + ") changed: was "
                + previousFingerprint + ", now " + fingerprint + ". Unless " + officerId
                + " told you they changed their keys, compare the new fingerprint with them in person or by phone.";
    }
}
