package org.liaison.client.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.liaison.client.ClientProfile;
import org.liaison.client.crypto.BundleVerifier;
import org.liaison.client.crypto.DeviceKeys;
import org.liaison.client.crypto.KeyBundles;
import org.liaison.client.crypto.VerifiedBundle;
import org.liaison.proto.v1.SignedKeyBundle;
import org.liaison.testing.TestPki;

/**
 * One officer of a throw-away PKI with a profile on disk, signing bundles for any device of theirs
 * as their device would, and verifying them as another officer would.
 */
final class TestOfficer {

    static final String OFFICER_ID = TestPki.OFFICER_ID;
    static final String PASSWORD = "identity password";

    private final Path profileDir;
    private final ClientProfile profile;
    private final OfficerIdentity identity;
    private final BundleVerifier verifier;

    private TestOfficer(Path profileDir) {
        this.profileDir = profileDir;
        this.profile = ClientProfile.load(profileDir);
        this.identity = OfficerIdentity.load(profile);
        this.verifier = BundleVerifier.forProfile(profile, Clock.systemUTC());
    }

    /** A new PKI and the officer's profile written to {@code profileDir}. */
    static TestOfficer create(Path profileDir) throws Exception {
        TestPki.create().writeProfile(profileDir, "localhost:7443", PASSWORD);
        return new TestOfficer(profileDir);
    }

    Path profileDir() {
        return profileDir;
    }

    ClientProfile profile() {
        return profile;
    }

    OfficerIdentity identity() {
        return identity;
    }

    BundleVerifier verifier() {
        return verifier;
    }

    /** A bundle for new keys of {@code deviceId}, signed by the officer and verified. */
    VerifiedBundle verifiedDevice(String deviceId) {
        return verifier.verify(signedDevice(deviceId, DeviceKeys.generate()));
    }

    SignedKeyBundle signedDevice(String deviceId, DeviceKeys keys) {
        return KeyBundles.sign(KeyBundles.bundle(OFFICER_ID, deviceId, keys, Instant.now().minusSeconds(60),
                Duration.ofDays(30)), identity.key(), identity.chain());
    }
}
