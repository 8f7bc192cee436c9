package org.liaison.client.crypto;

import java.time.Duration;
import java.time.Instant;

/** Devices with keys and a bundle taken as verified, for tests that are not about bundle verification. */
final class TestDevices {

    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    /** A device's keys and the verified bundle others hold for it. */
    record Device(DeviceKeys keys, VerifiedBundle bundle) {

        Recipient recipient() {
            return bundle.recipient();
        }
    }

    private TestDevices() {
    }

    static Device device(String officerId, String deviceId) {
        DeviceKeys keys = DeviceKeys.generate();
        String agency = officerId.substring(0, officerId.indexOf('.'));
        VerifiedBundle bundle = new VerifiedBundle(officerId, agency, "FR", deviceId, keys.signingPublicKey(),
                keys.encryptionPublicKey(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)),
                java.util.Set.of("officer"));
        return new Device(keys, bundle);
    }
}
