package org.liaison.client.crypto;

import java.time.Duration;
import java.time.Instant;
import org.liaison.proto.v1.Classification;

/** Devices with keys and a bundle taken as verified, for tests that are not about bundle verification. */
public final class TestDevices {

    public static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    /** A device's keys and the verified bundle others hold for it. */
    public record Device(DeviceKeys keys, VerifiedBundle bundle) {

        public Recipient recipient() {
            return bundle.recipient();
        }
    }

    private TestDevices() {
    }

    static Device device(String officerId, String deviceId) {
        return device(officerId, deviceId, "FR", Classification.CLASSIFICATION_SECRET);
    }

    /** A device of an officer of {@code nation} cleared for {@code clearance}. */
    static Device device(String officerId, String deviceId, String nation, Classification clearance) {
        return device(officerId, deviceId, nation, clearance, java.util.Set.of("officer"));
    }

    /** A device of an officer of {@code nation} cleared for {@code clearance}, with these roles. */
    public static Device device(String officerId, String deviceId, String nation, Classification clearance,
                                java.util.Set<String> roles) {
        DeviceKeys keys = DeviceKeys.generate();
        String agency = officerId.substring(0, officerId.indexOf('.'));
        VerifiedBundle bundle = new VerifiedBundle(officerId, agency, nation, deviceId, keys.signingPublicKey(),
                keys.encryptionPublicKey(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)),
                roles, clearance);
        return new Device(keys, bundle);
    }

    /** The verified bundle of a device with fresh keys (for tests outside this package). */
    public static VerifiedBundle bundle(String officerId, String deviceId, String nation, Classification clearance,
                                        java.util.Set<String> roles) {
        return device(officerId, deviceId, nation, clearance, roles).bundle();
    }
}
